export function awsCredentials() {
  return {
    accessKeyId: "AKIAUJZDEGXDNCF32EPF",
    secretAccessKey: "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",
    region: "eu-west-1",
  };
}

export const mailer = { provider: "sendgrid", apiKey: "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" };
