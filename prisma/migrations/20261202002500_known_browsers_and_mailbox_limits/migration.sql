-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "mailboxKey" TEXT NOT NULL DEFAULT '';

-- The limit rows were keyed by the address in plain; they are now keyed by a
-- keyed hash of the canonical mailbox (and the browser). Old counters cannot
-- be re-keyed in SQL (the key needs AUTH_SECRET): they go, and every mailbox
-- starts with a fresh window (decision 0035).
DELETE FROM "EmailLimit";

-- AlterTable
ALTER TABLE "EmailLimit" DROP CONSTRAINT "EmailLimit_pkey",
DROP COLUMN "email",
ADD COLUMN     "browser" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "lastSendAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "mailboxKey" TEXT NOT NULL,
ADD CONSTRAINT "EmailLimit_pkey" PRIMARY KEY ("mailboxKey", "browser");

-- CreateTable
CREATE TABLE "KnownBrowser" (
    "userId" TEXT NOT NULL,
    "browserHash" TEXT NOT NULL,
    "firstSignInAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSignInAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KnownBrowser_pkey" PRIMARY KEY ("userId","browserHash")
);

-- AddForeignKey
ALTER TABLE "KnownBrowser" ADD CONSTRAINT "KnownBrowser_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
