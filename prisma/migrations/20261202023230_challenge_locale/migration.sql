-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'en';
