import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP relay between an IMAP client and a real server that can misbehave the way networks and
 * servers do: cut every connection, or go "deaf" — keep answering commands but stop passing on the
 * server's `* n EXISTS` announcements, which is how a silently dead IDLE looks to the client
 * (Exchange Online stops pushing and says nothing).
 *
 * Lines are relayed whole; an EXISTS line inside a message literal would also be dropped while deaf,
 * which the tests' messages never contain.
 */
export interface ImapProxy {
  port: number;
  /** While true, `* n EXISTS` lines from the server are dropped. */
  setDeaf(deaf: boolean): void;
  /** EXISTS lines dropped so far. */
  swallowed(): number;
  /** Connections accepted so far. */
  connections(): number;
  dropConnections(): void;
  close(): Promise<void>;
}

const EXISTS = /^\* \d+ EXISTS\r?\n$/i;

export async function startImapProxy(targetPort: number): Promise<ImapProxy> {
  let deaf = false;
  let swallowed = 0;
  let connections = 0;
  const open = new Set<Socket>();

  const server = createServer((downstream) => {
    connections += 1;
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [downstream, upstream]) {
      open.add(s);
      s.setNoDelay(true);
      s.on('error', () => undefined);
      s.on('close', () => {
        open.delete(s);
        downstream.destroy();
        upstream.destroy();
      });
    }
    downstream.on('data', (chunk: Buffer) => upstream.write(chunk));
    let pending = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      let start = 0;
      for (let nl = pending.indexOf(0x0a, start); nl !== -1; nl = pending.indexOf(0x0a, start)) {
        const line = pending.subarray(start, nl + 1);
        start = nl + 1;
        if (deaf && EXISTS.test(line.toString('latin1'))) swallowed += 1;
        else downstream.write(line);
      }
      pending = pending.subarray(start);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const dropConnections = () => {
    for (const s of open) s.destroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    setDeaf: (value) => {
      deaf = value;
    },
    swallowed: () => swallowed,
    connections: () => connections,
    dropConnections,
    close: () =>
      new Promise<void>((resolve) => {
        dropConnections();
        server.close(() => resolve());
      }),
  };
}
