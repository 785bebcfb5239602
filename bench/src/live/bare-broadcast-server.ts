#!/usr/bin/env node
/**
 * The fan-out limit: a bare `ws` server in a process of its own that sends every message it gets on
 * /control to every other socket, unchanged. No auth, no GraphQL, no database: what pushing one message to
 * N sockets costs on this machine, to set beside the query API doing the same.
 */
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.argv[2]);
const server = new WebSocketServer({ host: '127.0.0.1', port });
const audience = new Set<WebSocket>();
server.on('connection', (socket, request) => {
  if (request.url === '/control') {
    socket.on('message', (message) => {
      for (const member of audience) member.send(message);
    });
    return;
  }
  audience.add(socket);
  socket.on('close', () => audience.delete(socket));
});
server.on('listening', () => console.log('ready'));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
