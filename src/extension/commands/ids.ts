/** Every command the extension contributes, as declared in package.json. */
export const enum CommandId {
  SignIn = 'traceInsight.signIn',
  SignOut = 'traceInsight.signOut',
  /** For tests and scripts: signs in with the given keys, without prompts. */
  SignInWith = 'traceInsight.signInWith',
  ExploreSampleData = 'traceInsight.exploreSampleData',
  Refresh = 'traceInsight.refresh',
  PickTimeRange = 'traceInsight.pickTimeRange',
  OpenDashboard = 'traceInsight.openDashboard',
  Export = 'traceInsight.export',
  ShowLog = 'traceInsight.showLog',
}
