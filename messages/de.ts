// The de catalogue: one JSON file per namespace, each owned by the part of
// the app it speaks for. lib/i18n/catalogue.test.ts checks that every locale
// has the same keys with the same placeholders.
import common from "./de/common.json";
import home from "./de/home.json";
import errors from "./de/errors.json";
import signIn from "./de/signIn.json";
import verify from "./de/verify.json";
import failures from "./de/failures.json";
import purposes from "./de/purposes.json";
import link from "./de/link.json";
import approval from "./de/approval.json";
import activate from "./de/activate.json";
import switchUser from "./de/switchUser.json";
import account from "./de/account.json";
import activity from "./de/activity.json";
import email from "./de/email.json";

const messages = { common, home, errors, signIn, verify, failures, purposes, link, approval, activate, switchUser, account, activity, email };
export default messages;
