-- A change of email address waits in email_tokens (purpose change_email) until the new address confirms it.
ALTER TABLE "email_tokens" ADD COLUMN "new_email" text;
