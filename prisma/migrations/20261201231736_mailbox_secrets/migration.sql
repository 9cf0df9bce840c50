-- AlterTable
ALTER TABLE "MailboxMessage" ADD COLUMN     "code" TEXT,
ADD COLUMN     "link" TEXT;
