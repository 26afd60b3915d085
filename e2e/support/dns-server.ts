import dns2 from "dns2";

/**
 * A real DNS server on loopback (UDP, dns2) whose TXT records a test sets: what DNS_RESOLVER points Gatehouse at
 * in tests, so domain verification goes over the wire exactly as it does against a company's DNS.
 */
export type LoopbackDns = {
  /** `127.0.0.1:<port>`, the value for DNS_RESOLVER */
  address: string;
  setTxt(name: string, values: string[] | null): void;
  /** Answer every query with SERVFAIL (a broken resolver) until called again with false. */
  failAll(failing: boolean): void;
  stop(): Promise<void>;
};

export async function startLoopbackDns(): Promise<LoopbackDns> {
  const { Packet } = dns2;
  const records = new Map<string, string[]>();
  let failing = false;
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question?.name.toLowerCase() ?? "";
      if (failing) response.header.rcode = Packet.RCODE.SERVFAIL;
      else if (question?.type === Packet.TYPE.TXT && records.has(name))
        for (const value of records.get(name)!)
          // dns2 encodes plain record objects (its typings ask for a Resource with its own toBuffer).
          response.answers.push({ name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 60, data: value } as unknown as (typeof response.answers)[number]);
      else if (!records.has(name)) response.header.rcode = Packet.RCODE.NXDOMAIN;
      send(response);
    },
  });
  await server.listen({ udp: { port: 0, address: "127.0.0.1" } });
  const { udp } = server.addresses();
  if (!udp) throw new Error("the loopback DNS server did not bind its UDP port");
  return {
    address: `127.0.0.1:${udp.port}`,
    setTxt: (name, values) => (values ? records.set(name.toLowerCase(), values) : records.delete(name.toLowerCase())),
    failAll: (value) => {
      failing = value;
    },
    stop: () => server.close(),
  };
}
