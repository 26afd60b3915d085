/**
 * The Gatehouse server writes the TCP peer address into this request header (dropping any value a client sent),
 * so the app can throttle and audit by an address nobody can forge.
 */
export const CLIENT_IP_HEADER = "x-gatehouse-client-ip";
