import {
	Chart,
	Decimation,
	Filler,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	TimeScale,
	Tooltip
} from 'chart.js';
// Registers the date-fns adapter that the time scale needs.
import 'chartjs-adapter-date-fns';

// Only the pieces the line charts use (Filler: min–max bands), so the rest of Chart.js is shaken out of the bundle.
Chart.register(LineController, LineElement, PointElement, LinearScale, TimeScale, Decimation, Filler, Legend, Tooltip);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.font.size = 11;

/** Chart.js with the pieces Pulse uses registered. */
export { Chart };
