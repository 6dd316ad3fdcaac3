// A live single-page app: every byte on screen comes over the socket, so nothing renders on the server.
export const ssr = false;
