//! How many of gitleaks' rules the built-in secret rules cover.
//!
//! `cargo run -p hookwarden-core --example secrets_coverage -- ../../shared/corpora/gitleaks/gitleaks.toml`
//!
//! Only `id = "…"` lines of the TOML are read. [`COVERS`] says which gitleaks rules each of our
//! rules covers (the same token format, or a superset of it); rules of ours that gitleaks does not
//! have map to nothing. Keep it in step with `src/secrets/rules.rs`: the example fails on an id
//! that is in the table but not among our rules, and lists our rules missing from the table.
#![allow(clippy::print_stdout)]

use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

use hookwarden_core::secrets;

/// Our rule id (without `secrets.`) → the gitleaks rule ids it covers.
const COVERS: &[(&str, &[&str])] = &[
    ("gcp-service-account-key", &[]),
    ("private-key", &["private-key"]),
    ("age-secret-key", &["age-secret-key"]),
    ("onepassword-secret-key", &["1password-secret-key"]),
    (
        "onepassword-service-account-token",
        &["1password-service-account-token"],
    ),
    ("aws-access-key-id", &["aws-access-token"]),
    ("aws-secret-access-key", &[]),
    ("aws-session-token", &[]),
    (
        "aws-bedrock-api-key",
        &[
            "aws-amazon-bedrock-api-key-long-lived",
            "aws-amazon-bedrock-api-key-short-lived",
        ],
    ),
    ("gcp-api-key", &["gcp-api-key"]),
    ("google-oauth-client-secret", &[]),
    ("google-oauth-access-token", &[]),
    ("firebase-cloud-messaging-key", &[]),
    ("azure-storage-account-key", &[]),
    ("azure-sas-token", &[]),
    ("azure-ad-client-secret", &["azure-ad-client-secret"]),
    ("digitalocean-pat", &["digitalocean-pat"]),
    ("digitalocean-oauth-token", &["digitalocean-access-token"]),
    (
        "digitalocean-refresh-token",
        &["digitalocean-refresh-token"],
    ),
    ("alibaba-access-key-id", &["alibaba-access-key-id"]),
    ("alibaba-secret-key", &["alibaba-secret-key"]),
    ("ibm-cloud-api-key", &[]),
    (
        "cloudflare-api-token",
        &["cloudflare-api-key", "cloudflare-global-api-key"],
    ),
    ("cloudflare-origin-ca-key", &["cloudflare-origin-ca-key"]),
    ("heroku-api-key", &["heroku-api-key"]),
    ("heroku-api-key-v2", &["heroku-api-key-v2"]),
    ("flyio-token", &["flyio-access-token"]),
    ("vercel-token", &[]),
    ("netlify-pat", &[]),
    ("netlify-token", &["netlify-access-token"]),
    ("supabase-access-token", &[]),
    ("render-api-key", &[]),
    ("databricks-token", &["databricks-api-token"]),
    ("terraform-cloud-token", &["hashicorp-tf-api-token"]),
    ("vault-service-token", &["vault-service-token"]),
    ("vault-batch-token", &["vault-batch-token"]),
    ("pulumi-access-token", &["pulumi-api-token"]),
    ("doppler-token", &["doppler-api-token"]),
    ("grafana-api-key", &["grafana-api-key"]),
    ("grafana-cloud-token", &["grafana-cloud-api-token"]),
    (
        "grafana-service-account-token",
        &["grafana-service-account-token"],
    ),
    ("tailscale-key", &[]),
    ("openshift-user-token", &["openshift-user-token"]),
    ("github-pat", &["github-pat"]),
    ("github-fine-grained-pat", &["github-fine-grained-pat"]),
    ("github-oauth-token", &["github-oauth"]),
    ("github-app-token", &["github-app-token"]),
    ("github-refresh-token", &["github-refresh-token"]),
    ("gitlab-pat", &["gitlab-pat", "gitlab-pat-routable"]),
    ("gitlab-deploy-token", &["gitlab-deploy-token"]),
    (
        "gitlab-runner-token",
        &[
            "gitlab-runner-authentication-token",
            "gitlab-runner-authentication-token-routable",
        ],
    ),
    ("gitlab-runner-registration-token", &["gitlab-rrt"]),
    ("gitlab-pipeline-trigger-token", &["gitlab-ptt"]),
    ("gitlab-ci-job-token", &["gitlab-cicd-job-token"]),
    ("gitlab-feed-token", &["gitlab-feed-token"]),
    (
        "gitlab-incoming-mail-token",
        &["gitlab-incoming-mail-token"],
    ),
    ("gitlab-agent-token", &["gitlab-kubernetes-agent-token"]),
    ("gitlab-oauth-app-secret", &["gitlab-oauth-app-secret"]),
    ("gitlab-scim-token", &["gitlab-scim-token"]),
    (
        "gitlab-feature-flag-token",
        &["gitlab-feature-flag-client-token"],
    ),
    ("gitlab-session-cookie", &["gitlab-session-cookie"]),
    ("bitbucket-app-password", &[]),
    (
        "bitbucket-client-secret",
        &["bitbucket-client-id", "bitbucket-client-secret"],
    ),
    ("atlassian-api-token", &["atlassian-api-token"]),
    ("sourcegraph-access-token", &["sourcegraph-access-token"]),
    (
        "slack-bot-token",
        &["slack-bot-token", "slack-legacy-bot-token"],
    ),
    ("slack-user-token", &["slack-user-token"]),
    ("slack-app-token", &["slack-app-token"]),
    (
        "slack-config-token",
        &["slack-config-access-token", "slack-config-refresh-token"],
    ),
    (
        "slack-legacy-token",
        &["slack-legacy-token", "slack-legacy-workspace-token"],
    ),
    ("slack-webhook-url", &["slack-webhook-url"]),
    ("discord-bot-token", &[]),
    ("discord-webhook-url", &[]),
    (
        "discord-client-secret",
        &["discord-api-token", "discord-client-secret"],
    ),
    ("telegram-bot-token", &["telegram-bot-api-token"]),
    ("microsoft-teams-webhook", &["microsoft-teams-webhook"]),
    ("mattermost-token", &["mattermost-access-token"]),
    ("twilio-api-key", &["twilio-api-key"]),
    ("twilio-auth-token", &[]),
    ("sendgrid-api-key", &["sendgrid-api-token"]),
    (
        "mailgun-api-key",
        &[
            "mailgun-private-api-token",
            "mailgun-pub-key",
            "mailgun-signing-key",
        ],
    ),
    ("mailchimp-api-key", &["mailchimp-api-key"]),
    ("sendinblue-api-key", &["sendinblue-api-token"]),
    ("postmark-token", &[]),
    (
        "messagebird-api-key",
        &["messagebird-api-token", "messagebird-client-id"],
    ),
    (
        "sendbird-token",
        &["sendbird-access-id", "sendbird-access-token"],
    ),
    ("stripe-secret-key", &["stripe-access-token"]),
    ("stripe-restricted-key", &["stripe-access-token"]),
    ("stripe-test-key", &["stripe-access-token"]),
    ("stripe-webhook-secret", &[]),
    ("square-access-token", &["square-access-token"]),
    ("square-oauth-secret", &[]),
    ("braintree-access-token", &[]),
    ("paypal-client-secret", &[]),
    ("shopify-access-token", &["shopify-access-token"]),
    ("shopify-custom-app-token", &["shopify-custom-access-token"]),
    (
        "shopify-private-app-token",
        &["shopify-private-app-access-token"],
    ),
    ("shopify-shared-secret", &["shopify-shared-secret"]),
    (
        "easypost-api-key",
        &["easypost-api-token", "easypost-test-api-token"],
    ),
    ("shippo-api-token", &["shippo-api-token"]),
    ("duffel-api-token", &["duffel-api-token"]),
    (
        "flutterwave-key",
        &[
            "flutterwave-encryption-key",
            "flutterwave-public-key",
            "flutterwave-secret-key",
        ],
    ),
    (
        "plaid-token",
        &["plaid-api-token", "plaid-client-id", "plaid-secret-key"],
    ),
    ("gocardless-token", &["gocardless-api-token"]),
    ("coinbase-token", &["coinbase-access-token"]),
    (
        "crypto-exchange-key",
        &[
            "bittrex-access-key",
            "bittrex-secret-key",
            "kraken-access-token",
            "kucoin-access-token",
            "kucoin-secret-key",
        ],
    ),
    ("openai-api-key", &["openai-api-key"]),
    ("anthropic-api-key", &["anthropic-api-key"]),
    ("anthropic-admin-key", &["anthropic-admin-api-key"]),
    ("anthropic-oauth-token", &[]),
    ("huggingface-token", &["huggingface-access-token"]),
    (
        "huggingface-org-token",
        &["huggingface-organization-api-token"],
    ),
    ("perplexity-api-key", &["perplexity-api-key"]),
    ("groq-api-key", &[]),
    ("replicate-api-token", &[]),
    ("xai-api-key", &[]),
    ("cohere-api-key", &["cohere-api-token"]),
    ("npm-access-token", &["npm-access-token"]),
    ("npmrc-auth-token", &[]),
    ("pypi-upload-token", &["pypi-upload-token"]),
    ("rubygems-api-key", &["rubygems-api-token"]),
    ("nuget-api-key", &[]),
    ("nuget-config-password", &["nuget-config-password"]),
    ("clojars-api-token", &["clojars-api-token"]),
    ("dockerhub-pat", &[]),
    ("artifactory-api-key", &["artifactory-api-key"]),
    (
        "artifactory-reference-token",
        &["artifactory-reference-token"],
    ),
    ("jfrog-token", &["jfrog-api-key", "jfrog-identity-token"]),
    ("crates-io-token", &[]),
    ("linear-api-key", &["linear-api-key"]),
    ("linear-client-secret", &["linear-client-secret"]),
    ("notion-token", &["notion-api-token"]),
    ("datadog-api-key", &["datadog-access-token"]),
    ("new-relic-user-api-key", &["new-relic-user-api-key"]),
    ("new-relic-insert-key", &["new-relic-insert-key"]),
    (
        "new-relic-browser-api-key",
        &["new-relic-browser-api-token"],
    ),
    ("new-relic-license-key", &[]),
    ("sentry-org-token", &["sentry-org-token"]),
    ("sentry-user-token", &["sentry-user-token"]),
    ("sentry-auth-token", &["sentry-access-token"]),
    ("postman-api-key", &["postman-api-token"]),
    ("dynatrace-api-token", &["dynatrace-api-token"]),
    (
        "planetscale-token",
        &[
            "planetscale-api-token",
            "planetscale-oauth-token",
            "planetscale-password",
        ],
    ),
    ("okta-api-token", &["okta-access-token"]),
    ("frameio-api-token", &["frameio-api-token"]),
    ("readme-api-key", &["readme-api-token"]),
    ("prefect-api-key", &["prefect-api-token"]),
    ("infracost-api-key", &["infracost-api-token"]),
    ("scalingo-api-token", &["scalingo-api-token"]),
    ("maxmind-license-key", &["maxmind-license-key"]),
    ("harness-api-key", &["harness-api-key"]),
    ("airtable-pat", &["airtable-personnal-access-token"]),
    (
        "clickhouse-cloud-api-secret",
        &["clickhouse-cloud-api-secret-key"],
    ),
    (
        "settlemint-token",
        &[
            "settlemint-application-access-token",
            "settlemint-personal-access-token",
            "settlemint-service-access-token",
        ],
    ),
    ("adobe-client-secret", &["adobe-client-secret"]),
    ("octopus-deploy-api-key", &["octopus-deploy-api-key"]),
    (
        "defined-networking-api-token",
        &["defined-networking-api-token"],
    ),
    ("twitter-bearer-token", &["twitter-bearer-token"]),
    ("facebook-access-token", &["facebook-page-access-token"]),
    ("mapbox-token", &["mapbox-api-token"]),
    (
        "sidekiq-credentials",
        &["sidekiq-secret", "sidekiq-sensitive-url"],
    ),
    ("adafruit-api-key", &["adafruit-api-key"]),
    ("algolia-api-key", &["algolia-api-key"]),
    ("asana-token", &["asana-client-id", "asana-client-secret"]),
    ("beamer-api-token", &["beamer-api-token"]),
    ("codecov-token", &["codecov-access-token"]),
    (
        "confluent-key",
        &["confluent-access-token", "confluent-secret-key"],
    ),
    ("contentful-token", &["contentful-delivery-api-token"]),
    ("droneci-token", &["droneci-access-token"]),
    (
        "dropbox-token",
        &[
            "dropbox-api-token",
            "dropbox-long-lived-api-token",
            "dropbox-short-lived-api-token",
        ],
    ),
    ("etsy-token", &["etsy-access-token"]),
    ("facebook-app-secret", &["facebook-secret"]),
    ("fastly-api-token", &["fastly-api-token"]),
    (
        "finicity-token",
        &["finicity-api-token", "finicity-client-secret"],
    ),
    ("finnhub-token", &["finnhub-access-token"]),
    ("flickr-token", &["flickr-access-token"]),
    ("freshbooks-token", &["freshbooks-access-token"]),
    ("gitter-token", &["gitter-access-token"]),
    ("hubspot-api-key", &["hubspot-api-key"]),
    ("intercom-token", &["intercom-api-key"]),
    ("launchdarkly-token", &["launchdarkly-access-token"]),
    (
        "linkedin-client-secret",
        &["linkedin-client-id", "linkedin-client-secret"],
    ),
    ("lob-api-key", &["lob-api-key", "lob-pub-api-key"]),
    (
        "looker-client-secret",
        &["looker-client-id", "looker-client-secret"],
    ),
    ("meraki-api-key", &["cisco-meraki-api-key"]),
    ("nytimes-token", &["nytimes-access-token"]),
    ("privateai-api-token", &["privateai-api-token"]),
    ("rapidapi-token", &["rapidapi-access-token"]),
    ("snyk-api-token", &["snyk-api-token"]),
    ("sonarqube-token", &["sonar-api-token"]),
    ("squarespace-token", &["squarespace-access-token"]),
    (
        "sumologic-key",
        &["sumologic-access-id", "sumologic-access-token"],
    ),
    ("travisci-token", &["travisci-access-token"]),
    ("twitch-api-token", &["twitch-api-token"]),
    (
        "twitter-api-secret",
        &[
            "twitter-access-secret",
            "twitter-access-token",
            "twitter-api-key",
            "twitter-api-secret",
        ],
    ),
    ("typeform-token", &["typeform-api-token"]),
    (
        "yandex-key",
        &[
            "yandex-access-token",
            "yandex-api-key",
            "yandex-aws-access-token",
        ],
    ),
    ("zendesk-secret", &["zendesk-secret-key"]),
    ("jwt", &["jwt"]),
    ("postgres-connection-string", &[]),
    ("mysql-connection-string", &[]),
    ("mongodb-connection-string", &[]),
    ("redis-connection-string", &[]),
    ("amqp-connection-string", &[]),
    ("url-password", &[]),
    ("authorization-header", &["curl-auth-header"]),
    ("curl-user-password", &["curl-auth-user"]),
    ("netrc-password", &[]),
    ("docker-config-auth", &[]),
    ("generic-secret", &["generic-api-key"]),
];

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        println!("usage: secrets_coverage <path/to/gitleaks.toml>");
        return ExitCode::FAILURE;
    };
    let toml = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            println!("cannot read {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let gitleaks: Vec<&str> = toml
        .lines()
        .filter_map(|l| l.trim().strip_prefix("id = \"")?.strip_suffix('"'))
        .collect();

    let ours: BTreeSet<&str> = secrets::rule_ids()
        .into_iter()
        .map(|id| id.trim_start_matches("secrets."))
        .collect();
    let mut covered_by: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut ok = true;
    for (rule, theirs) in COVERS {
        if !ours.contains(rule) {
            println!("error: table names secrets.{rule}, which is not a rule");
            ok = false;
        }
        for id in *theirs {
            if !gitleaks.contains(id) {
                println!("error: table names gitleaks rule {id}, which is not in {path}");
                ok = false;
            }
            covered_by.entry(id).or_default().push(rule);
        }
    }
    let unmapped: Vec<&&str> = ours
        .iter()
        .filter(|r| !COVERS.iter().any(|(c, _)| c == *r))
        .collect();
    for rule in &unmapped {
        println!("warning: secrets.{rule} is missing from the table");
    }

    let mut missing = Vec::new();
    for id in &gitleaks {
        match covered_by.get(id) {
            Some(rules) => println!("covered    {id:<48} by {}", rules.join(", ")),
            None => missing.push(*id),
        }
    }
    for id in &missing {
        println!("NOT COVERED {id}");
    }
    let extra = COVERS
        .iter()
        .filter(|(_, theirs)| theirs.is_empty())
        .count();
    let covered = gitleaks.len() - missing.len();
    println!();
    println!(
        "gitleaks rules: {}, covered: {covered} ({:.1}%), not covered: {}",
        gitleaks.len(),
        100.0 * covered as f64 / gitleaks.len().max(1) as f64,
        missing.len()
    );
    println!(
        "our rules: {}, of which {extra} have no gitleaks counterpart",
        ours.len()
    );
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
