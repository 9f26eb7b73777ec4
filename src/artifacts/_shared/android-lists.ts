/** Constant package and permission lists used by the Android heuristics (spec §11, MVT `android/utils.py` at dac4acb). */

/** Rooting, root-hiding and patching apps (25): having one installed → MEDIUM. */
export const ROOT_PACKAGES: ReadonlySet<string> = new Set([
  "com.noshufou.android.su",
  "com.noshufou.android.su.elite",
  "eu.chainfire.supersu",
  "com.koushikdutta.superuser",
  "com.thirdparty.superuser",
  "com.yellowes.su",
  "com.koushikdutta.rommanager",
  "com.koushikdutta.rommanager.license",
  "com.dimonvideo.luckypatcher",
  "com.chelpus.lackypatch",
  "com.ramdroid.appquarantine",
  "com.ramdroid.appquarantinepro",
  "com.devadvance.rootcloak",
  "com.devadvance.rootcloakplus",
  "de.robv.android.xposed.installer",
  "com.saurik.substrate",
  "com.zachspong.temprootremovejb",
  "com.amphoras.hidemyroot",
  "com.amphoras.hidemyrootadfree",
  "com.formyhm.hiderootPremium",
  "com.formyhm.hideroot",
  "me.phh.superuser",
  "eu.chainfire.supersu.pro",
  "com.kingouser.com",
  "com.topjohnwu.magisk",
]);

/** Vendor security agents: one that is disabled → MEDIUM. */
export const SECURITY_PACKAGES: ReadonlySet<string> = new Set([
  "com.policydm",
  "com.samsung.android.app.omcagent",
  "com.samsung.android.securitylogagent",
  "com.sec.android.soagent",
]);

/** OTA / system-update packages: one that is disabled (updates blocked) → MEDIUM. */
export const SYSTEM_UPDATE_PACKAGES: ReadonlySet<string> = new Set([
  "com.android.updater",
  "com.google.android.gms",
  "com.huawei.android.hwouc",
  "com.lge.lgdmsclient",
  "com.motorola.ccc.ota",
  "com.oneplus.opbackup",
  "com.oppo.ota",
  "com.transsion.systemupdate",
  "com.wssyncmldm",
]);

/** The Google Play Store installer package name. */
export const PLAY_STORE_INSTALLER = "com.android.vending";
/** Installers of apps from the Play Store (MVT keeps a list of one). */
export const PLAY_STORE_INSTALLERS: ReadonlySet<string> = new Set([PLAY_STORE_INSTALLER]);

/** Third-party app stores as installer → INFORMATIONAL. */
export const THIRD_PARTY_STORE_INSTALLERS: ReadonlySet<string> = new Set(["com.aurora.store", "org.fdroid.fdroid"]);

/** Package installers used when an APK is opened from a browser or file manager → MEDIUM (even for system apps). */
export const BROWSER_INSTALLERS: ReadonlySet<string> = new Set([
  "com.google.android.packageinstaller",
  "com.android.packageinstaller",
]);

/** Permissions MVT counts as dangerous (20); 10 or more on one package is logged (threshold below). */
export const DANGEROUS_PERMISSIONS: ReadonlySet<string> = new Set([
  "android.permission.ACCESS_COARSE_LOCATION",
  "android.permission.ACCESS_FINE_LOCATION",
  "android.permission.AUTHENTICATE_ACCOUNTS",
  "android.permission.CAMERA",
  "android.permission.DISABLE_KEYGUARD",
  "android.permission.PROCESS_OUTGOING_CALLS",
  "android.permission.READ_CALENDAR",
  "android.permission.READ_CALL_LOG",
  "android.permission.READ_CONTACTS",
  "android.permission.READ_PHONE_STATE",
  "android.permission.READ_SMS",
  "android.permission.RECEIVE_MMS",
  "android.permission.RECEIVE_SMS",
  "android.permission.RECEIVE_WAP_PUSH",
  "android.permission.RECORD_AUDIO",
  "android.permission.SEND_SMS",
  "android.permission.SYSTEM_ALERT_WINDOW",
  "android.permission.USE_CREDENTIALS",
  "android.permission.USE_SIP",
  "com.android.browser.permission.READ_HISTORY_BOOKMARKS",
]);

/** MVT logs a package holding at least this many dangerous permissions (no alert). */
export const DANGEROUS_PERMISSIONS_THRESHOLD = 10;
