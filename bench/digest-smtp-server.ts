/**
 * The local SMTP server of bench/digest.ts, in a process of its own (as a real one would be),
 * so the bench's client side does not share its event loop: a plain `smtp-server` on
 * 127.0.0.1 that reads each message to its end and answers 250. Prints `PORT <n>` once, then
 * one `ID <Message-ID>` line per message received.
 */
import { SMTPServer } from 'smtp-server';

const server = new SMTPServer({
  logger: false, authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], size: 10 * 1024 * 1024,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (c: Buffer) => {
      if (head.length < 2048) head += c.toString('latin1');
    });
    stream.on('end', () => {
      process.stdout.write(`ID ${/^Message-ID: (<[^>]+>)/im.exec(head)?.[1] ?? '-'}\n`);
      callback();
    });
  },
});
server.on('error', () => undefined);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${(server.server.address() as import('node:net').AddressInfo).port}\n`);
});
