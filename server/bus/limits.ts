/** LiveKit's limit for one reliable data packet (DESIGN §5). */
export const MAX_RELIABLE_BYTES = 15 * 1024;
/** Lossy packets should fit one network datagram, so they are never fragmented. */
export const MAX_LOSSY_BYTES = 1200;
