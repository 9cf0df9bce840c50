// The en catalogue: one JSON file per namespace, each owned by the part of
// the app it speaks for. lib/i18n/catalogue.test.ts checks that every locale
// has the same keys with the same placeholders.
import common from "./en/common.json";
import home from "./en/home.json";
import errors from "./en/errors.json";
import signIn from "./en/signIn.json";
import verify from "./en/verify.json";
import failures from "./en/failures.json";
import purposes from "./en/purposes.json";
import link from "./en/link.json";
import approval from "./en/approval.json";
import activate from "./en/activate.json";
import switchUser from "./en/switchUser.json";
import account from "./en/account.json";
import activity from "./en/activity.json";
import email from "./en/email.json";

const messages = { common, home, errors, signIn, verify, failures, purposes, link, approval, activate, switchUser, account, activity, email };
export default messages;
