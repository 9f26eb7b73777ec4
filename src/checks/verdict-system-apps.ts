/**
 * Accessibility services that are part of the phone's system (AOSP, Google, Samsung): enabled, they do not make a
 * phone suspicious. Exact package names, not prefixes: stalkerware names itself "com.android.…" to pass as system.
 * Names from MVT's test androidqf dumpsys.txt (a Samsung phone) and the makers' accessibility apps.
 */
const SYSTEM_ACCESSIBILITY: ReadonlySet<string> = new Set([
  "com.android.settings", // AOSP/Samsung settings interceptors (e.g. GPUWatchInterceptor)
  "com.android.systemui",
  "com.android.talkback",
  "com.google.android.marvin.talkback", // Android Accessibility Suite: TalkBack, Switch Access, Select to Speak
  "com.google.android.apps.accessibility.voiceaccess",
  "com.google.android.accessibility.soundamplifier",
  "com.google.audio.hearing.visualization.accessibility.scribe", // Live Transcribe
  "com.samsung.accessibility", // Universal Switch, Samsung's TalkBack (One UI ≤ 2)
  "com.samsung.android.accessibility.talkback", // Samsung's TalkBack (One UI 3+)
  "com.samsung.android.app.talkback", // Voice Assistant
  "com.samsung.android.universalswitch",
  "com.sec.android.app.camera", // AccessibilityGestureHandler
]);

export const isSystemAccessibilityPackage = (pkg: string): boolean => SYSTEM_ACCESSIBILITY.has(pkg);
