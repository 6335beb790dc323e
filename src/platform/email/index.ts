import { eq } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import type { Db, DbOrTx } from "../db/client";
import type { JobHandler } from "../jobs";
import { jobs } from "../jobs/schema";
import { outbox } from "./schema";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe for digests. */
  headers?: Record<string, string>;
}

/**
 * Queues an email: it is written to the outbox in the caller's transaction and sent by the
 * jobs worker, so a rolled-back change never sends mail and a slow SMTP server never slows a page.
 */
export async function queueEmail(tx: DbOrTx, message: EmailMessage): Promise<string> {
  const [id] = await queueEmails(tx, [message]);
  return id!;
}

/** Queues many emails in two statements (outbox rows, then one send job each), e.g. digests. */
export async function queueEmails(tx: DbOrTx, messages: EmailMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = await tx
    .insert(outbox)
    .values(
      messages.map((m) => ({
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        headers: m.headers ? JSON.stringify(m.headers) : null,
      })),
    )
    .returning({ id: outbox.id });
  await tx.insert(jobs).values(rows.map((r) => ({ kind: "email.send", payload: { outboxId: r.id } })));
  return rows.map((r) => r.id);
}

export function emailJobHandlers(options: { smtpUrl?: string; from: string }): Record<string, JobHandler> {
  let transporter: Transporter | undefined;
  return {
    "email.send": async (payload, { db }: { db: Db }) => {
      const { outboxId } = payload as { outboxId: string };
      const [message] = await db.select().from(outbox).where(eq(outbox.id, outboxId));
      if (!message || message.status === "sent" || message.status === "stored") return;
      if (!options.smtpUrl) {
        // No SMTP server: the outbox is where admins (and tests) read the mail.
        await db.update(outbox).set({ status: "stored" }).where(eq(outbox.id, outboxId));
        return;
      }
      transporter ??= nodemailer.createTransport(options.smtpUrl);
      await transporter.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html ?? undefined,
        headers: message.headers ? JSON.parse(message.headers) : undefined,
      });
      await db.update(outbox).set({ status: "sent", sentAt: new Date() }).where(eq(outbox.id, outboxId));
    },
  };
}
