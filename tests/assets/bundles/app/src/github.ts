import { config } from "./config";

export async function listRepos(user: string): Promise<unknown> {
  const response = await fetch(`${config.apiBase}/users/${user}/repos`, {
    headers: {
      Accept: "application/vnd.github+json",
      Authorization: "token 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",
    },
  });
  return response.json();
}
