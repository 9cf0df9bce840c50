-- CreateTable
CREATE TABLE "EmailChangeUndo" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "oldEmail" TEXT NOT NULL,
    "newEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "EmailChangeUndo_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailChangeUndo_tokenHash_key" ON "EmailChangeUndo"("tokenHash");

-- CreateIndex
CREATE INDEX "EmailChangeUndo_userId_idx" ON "EmailChangeUndo"("userId");

-- AddForeignKey
ALTER TABLE "EmailChangeUndo" ADD CONSTRAINT "EmailChangeUndo_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
