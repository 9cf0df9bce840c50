// The ar catalogue: one JSON file per namespace, each owned by the part of
// the app it speaks for. lib/i18n/catalogue.test.ts checks that every locale
// has the same keys with the same placeholders.
import common from "./ar/common.json";
import home from "./ar/home.json";
import errors from "./ar/errors.json";
import signIn from "./ar/signIn.json";
import verify from "./ar/verify.json";
import failures from "./ar/failures.json";
import purposes from "./ar/purposes.json";
import link from "./ar/link.json";
import approval from "./ar/approval.json";
import activate from "./ar/activate.json";
import switchUser from "./ar/switchUser.json";
import account from "./ar/account.json";
import activity from "./ar/activity.json";
import email from "./ar/email.json";

const messages = { common, home, errors, signIn, verify, failures, purposes, link, approval, activate, switchUser, account, activity, email };
export default messages;
