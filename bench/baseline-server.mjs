// The yardstick: a raw node:http hello world, measured in the same run as the app.
import { createServer } from "node:http";

const port = Number(process.env.PORT ?? 3990);
createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("hello world");
}).listen(port, "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
