import { config, stripeSecret } from "./config";
import { listRepos } from "./github";
import { awsCredentials, mailer } from "./aws";

export function start(): void {
  console.log("starting", config.apiBase, config.stripePublishableKey.length);
  void listRepos("octocat");
  const creds = awsCredentials();
  console.log(creds.region, mailer.provider, stripeSecret.length > 0);
}

start();
