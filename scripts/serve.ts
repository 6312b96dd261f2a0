/** Serves the built site (dist/) on HOST:PORT, default localhost:4321. `npm start` builds first when needed. */
import path from 'node:path';
import { createSiteServer } from '../src/server/http/server.ts';

const host = process.env.HOST ?? 'localhost';
const port = Number(process.env.PORT ?? 4321);
const server = await createSiteServer(path.resolve(process.env.DIST_DIR ?? 'dist'));
server.listen(port, host, () => console.log(`Registre IA : http://${host}:${port}/`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
