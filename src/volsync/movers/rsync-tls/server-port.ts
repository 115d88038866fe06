/** The rsync-TLS destination's port: its Service's port and target port (there is no port field on a destination). */
export const SERVER_PORT = 8000;
