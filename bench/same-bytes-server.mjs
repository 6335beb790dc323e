// A reference for GET /: raw node:http answering with exactly the bytes and headers the app sent
// for its home page (read from the JSON file named by PAGE_FILE). It shows how much of the gap to
// the hello world comes from the page itself (its size, its security headers) rather than the app.
// The body is stored base64: it is the gzip-compressed page a browser receives.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const page = JSON.parse(readFileSync(process.env.PAGE_FILE, "utf8"));
const { headers } = page;
const body = Buffer.from(page.body, "base64");
const port = Number(process.env.PORT ?? 3992);
createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
}).listen(port, "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
