/**
 * An offline emulator of an Okta org for Enterprise-Managed Authorization (Cross App Access): see README.md beside
 * this file. Only the demo and the tests start it.
 */
export { startOktaEmulator, type RunningOktaEmulator, type StartOktaEmulatorOptions } from "./server";
export { oktaTestSeed, type OktaClient, type OktaConnection, type OktaSeed, type OktaUser } from "./seed";
export { ID_JAG_LIFETIME_SECONDS, ID_JAG_TOKEN_TYPE, ID_JAG_TYP, ID_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "./token-exchange";
export { exchangeAtOkta, type ExchangeRequest } from "./exchange-client";
export { startDemoOktaOrg, type DemoOktaOrg } from "./demo";
