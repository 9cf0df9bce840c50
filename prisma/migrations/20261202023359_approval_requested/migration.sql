-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "approvalRequestedAt" TIMESTAMPTZ(3);
