//! Secrets classifier: one positive sample per rule, near misses for the risky rules, overlap
//! resolution and redaction.
//!
//! Sample tokens are assembled at run time from repeated alphabets (`alnum(36)`, `hex(32)`), so no
//! realistic-looking token appears in the source and secret scanners run on this repository stay
//! quiet.

use std::collections::BTreeSet;

use hookwarden_core::secrets::{redact, rule_ids, scan};
use hookwarden_core::{Finding, Severity};

fn cycle(alphabet: &str, n: usize) -> String {
    alphabet.chars().cycle().take(n).collect()
}
fn alnum(n: usize) -> String {
    cycle("Ab1Cd2Ef3Gh4Jk5Lm6Np7Qr8St9Uv0Wx", n)
}
fn hex(n: usize) -> String {
    cycle("3f9a1c7e5b2d8046", n)
}
fn digits(n: usize) -> String {
    cycle("8264913570", n)
}
fn letters(n: usize) -> String {
    cycle("AbCdEfGhIjKlMnOpQrStUvWxYz", n)
}
fn lower_alnum(n: usize) -> String {
    cycle("a1b2c3d4e5f6g7h8i9j0k", n)
}
fn upper_alnum(n: usize) -> String {
    cycle("Q7W8E9R2T3Y4U5I6O1P0", n)
}
fn b64(n: usize) -> String {
    cycle("Ab1+Cd2/Ef3Gh4Jk5", n)
}
fn uuid() -> String {
    format!("{}-{}-{}-{}-{}", hex(8), hex(4), hex(4), hex(4), hex(12))
}
/// A PEM block; the dashes are built here so no PEM header appears in the source.
fn pem(kind: &str, body: &str) -> String {
    let d = "-".repeat(5);
    format!("{d}BEGIN {kind}{d}\n{body}\n{d}END {kind}{d}")
}

/// `(rule id, text, the secret the finding must cover)` for every rule.
fn samples() -> Vec<(&'static str, String, String)> {
    let mut v: Vec<(&'static str, String, String)> = Vec::new();
    // A sample whose secret is `value`, embedded in `context` at `{}`.
    let mut s = |id: &'static str, context: &str, value: String| {
        v.push((id, context.replacen("{}", &value, 1), value));
    };

    let d = "-".repeat(5);
    let json_key = format!(
        "{d}BEGIN PRIVATE KEY{d}\\n{}\\n{}\\n{d}END PRIVATE KEY{d}\\n",
        b64(64),
        b64(40)
    );
    s(
        "secrets.gcp-service-account-key",
        r#"{"type": "service_account", "project_id": "p", "private_key": "{}", "client_email": "x"}"#,
        json_key,
    );
    s(
        "secrets.private-key",
        "cat id_rsa\n{}\n",
        pem("RSA PRIVATE KEY", &b64(64)),
    );
    s(
        "secrets.age-secret-key",
        "# key: {}",
        format!(
            "AGE-SECRET-KEY-1{}",
            cycle("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)
        ),
    );
    s(
        "secrets.onepassword-secret-key",
        "secret key {} saved",
        format!(
            "A3-{}-{}-{}-{}-{}",
            upper_alnum(6),
            upper_alnum(11),
            upper_alnum(5),
            upper_alnum(5),
            upper_alnum(5)
        ),
    );
    s(
        "secrets.onepassword-service-account-token",
        "OP_SERVICE_ACCOUNT={}",
        format!("ops_eyJ{}", b64(260)),
    );
    s(
        "secrets.aws-access-key-id",
        "aws_access_key_id = {}",
        format!("AKIA{}", cycle("QWERTYUIOPASDFGHJKLZXCVBNM234567", 16)),
    );
    s(
        "secrets.aws-secret-access-key",
        "aws_secret_access_key = {}",
        cycle("wJa1rXUtnF3MI/K7MD4NG/bPxRfiCY", 40),
    );
    s(
        "secrets.aws-session-token",
        "AWS_SESSION_TOKEN={}\n",
        cycle("Ab1+Cd2/Ef3=Gh4", 120),
    );
    s(
        "secrets.aws-bedrock-api-key",
        "key: {}",
        format!("ABSK{}", b64(120)),
    );
    s(
        "secrets.gcp-api-key",
        "const key = '{}';",
        format!("AIza{}", cycle("Sy-Ab1_Cd2Ef3", 35)),
    );
    s(
        "secrets.google-oauth-client-secret",
        "{}",
        format!("GOCSPX-{}", alnum(28)),
    );
    s(
        "secrets.google-oauth-access-token",
        "Bearer? {}",
        format!("ya29.{}", alnum(60)),
    );
    s(
        "secrets.firebase-cloud-messaging-key",
        "server key {}",
        format!("AAAA{}:APA91b{}", alnum(7), alnum(134)),
    );
    s(
        "secrets.azure-storage-account-key",
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={};EndpointSuffix=core.windows.net",
        format!("{}==", b64(86)),
    );
    s(
        "secrets.azure-sas-token",
        "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&ss=b&sp=r&se=2030-01-01&sig={} done",
        format!("{}%3D", alnum(43)),
    );
    s(
        "secrets.azure-ad-client-secret",
        "AZURE_CLIENT_SECRET=\"{}\"",
        format!("abc8Q~{}", alnum(34)),
    );
    s(
        "secrets.digitalocean-pat",
        "{}",
        format!("dop_v1_{}", hex(64)),
    );
    s(
        "secrets.digitalocean-oauth-token",
        "{}",
        format!("doo_v1_{}", hex(64)),
    );
    s(
        "secrets.digitalocean-refresh-token",
        "{}",
        format!("dor_v1_{}", hex(64)),
    );
    s(
        "secrets.alibaba-access-key-id",
        "id={}",
        format!("LTAI{}", alnum(20)),
    );
    s(
        "secrets.alibaba-secret-key",
        "alibaba_secret = {}",
        alnum(30),
    );
    s(
        "secrets.ibm-cloud-api-key",
        "IBM_CLOUD_API_KEY={}",
        cycle("Ab1-Cd2_Ef3", 44),
    );
    s(
        "secrets.cloudflare-api-token",
        "CLOUDFLARE_API_TOKEN={}",
        alnum(40),
    );
    s(
        "secrets.cloudflare-origin-ca-key",
        "{}",
        format!("v1.0-{}-{}", hex(24), hex(146)),
    );
    s("secrets.heroku-api-key", "HEROKU_API_KEY={}", uuid());
    s(
        "secrets.heroku-api-key-v2",
        "{}",
        format!("HRKU-AA{}", alnum(58)),
    );
    s(
        "secrets.flyio-token",
        "FLY_API_TOKEN={}",
        format!("fo1_{}", alnum(43)),
    );
    s("secrets.vercel-token", "VERCEL_TOKEN={}", alnum(24));
    s("secrets.netlify-pat", "{}", format!("nfp_{}", alnum(36)));
    s("secrets.netlify-token", "NETLIFY_AUTH_TOKEN={}", alnum(40));
    s(
        "secrets.supabase-access-token",
        "{}",
        format!("sbp_{}", hex(40)),
    );
    s("secrets.render-api-key", "{}", format!("rnd_{}", alnum(32)));
    s("secrets.databricks-token", "{}", format!("dapi{}", hex(32)));
    s(
        "secrets.terraform-cloud-token",
        "token = \"{}\"",
        format!("{}.atlasv1.{}", alnum(14), alnum(65)),
    );
    s(
        "secrets.vault-service-token",
        "VAULT_TOKEN={}",
        format!("hvs.{}", alnum(95)),
    );
    s(
        "secrets.vault-batch-token",
        "{}",
        format!("hvb.{}", alnum(140)),
    );
    s(
        "secrets.pulumi-access-token",
        "{}",
        format!("pul-{}", hex(40)),
    );
    s(
        "secrets.doppler-token",
        "{}",
        format!("dp.pt.{}", alnum(43)),
    );
    s(
        "secrets.grafana-api-key",
        "{}",
        format!("eyJrIjoi{}", alnum(80)),
    );
    s(
        "secrets.grafana-cloud-token",
        "{}",
        format!("glc_{}", alnum(40)),
    );
    s(
        "secrets.grafana-service-account-token",
        "{}",
        format!("glsa_{}_{}", alnum(32), hex(8)),
    );
    s(
        "secrets.tailscale-key",
        "{}",
        format!("tskey-auth-{}-{}", alnum(12), alnum(30)),
    );
    s(
        "secrets.openshift-user-token",
        "oc login --token={}",
        format!("sha256~{}", alnum(43)),
    );
    s(
        "secrets.github-pat",
        "GITHUB_TOKEN={}",
        format!("ghp_{}", alnum(36)),
    );
    s(
        "secrets.github-fine-grained-pat",
        "{}",
        format!("github_pat_{}_{}", alnum(22), alnum(59)),
    );
    s(
        "secrets.github-oauth-token",
        "{}",
        format!("gho_{}", alnum(36)),
    );
    s(
        "secrets.github-app-token",
        "{}",
        format!("ghs_{}", alnum(36)),
    );
    s(
        "secrets.github-refresh-token",
        "{}",
        format!("ghr_{}", alnum(36)),
    );
    s("secrets.gitlab-pat", "{}", format!("glpat-{}", alnum(20)));
    s(
        "secrets.gitlab-pat",
        "routable {}",
        format!("glpat-{}.{}", alnum(30), lower_alnum(9)),
    );
    s(
        "secrets.gitlab-deploy-token",
        "{}",
        format!("gldt-{}", alnum(20)),
    );
    s(
        "secrets.gitlab-runner-token",
        "{}",
        format!("glrt-{}", alnum(20)),
    );
    s(
        "secrets.gitlab-runner-registration-token",
        "{}",
        format!("GR1348941{}", alnum(20)),
    );
    s(
        "secrets.gitlab-pipeline-trigger-token",
        "{}",
        format!("glptt-{}", hex(40)),
    );
    s(
        "secrets.gitlab-ci-job-token",
        "{}",
        format!("glcbt-{}_{}", alnum(3), alnum(20)),
    );
    s(
        "secrets.gitlab-feed-token",
        "{}",
        format!("glft-{}", alnum(20)),
    );
    s(
        "secrets.gitlab-incoming-mail-token",
        "{}",
        format!("glimt-{}", alnum(25)),
    );
    s(
        "secrets.gitlab-agent-token",
        "{}",
        format!("glagent-{}", alnum(50)),
    );
    s(
        "secrets.gitlab-oauth-app-secret",
        "{}",
        format!("gloas-{}", alnum(64)),
    );
    s(
        "secrets.gitlab-scim-token",
        "{}",
        format!("glsoat-{}", alnum(20)),
    );
    s(
        "secrets.gitlab-feature-flag-token",
        "{}",
        format!("glffct-{}", alnum(20)),
    );
    s(
        "secrets.gitlab-session-cookie",
        "Cookie: _gitlab_session={}",
        lower_alnum(32),
    );
    s(
        "secrets.bitbucket-app-password",
        "{}",
        format!("ATBB{}", alnum(32)),
    );
    s(
        "secrets.bitbucket-client-secret",
        "BITBUCKET_CLIENT_SECRET={}",
        alnum(32),
    );
    s(
        "secrets.atlassian-api-token",
        "{}",
        format!("ATATT3{}", alnum(186)),
    );
    s(
        "secrets.atlassian-api-token",
        "JIRA_API_TOKEN={}",
        alnum(24),
    );
    s(
        "secrets.sourcegraph-access-token",
        "{}",
        format!("sgp_{}_{}", hex(16), hex(40)),
    );
    s(
        "secrets.slack-bot-token",
        "SLACK_BOT_TOKEN={}",
        format!("xoxb-{}-{}-{}", digits(12), digits(13), alnum(24)),
    );
    s(
        "secrets.slack-user-token",
        "{}",
        format!(
            "xoxp-{}-{}-{}-{}",
            digits(12),
            digits(12),
            digits(13),
            alnum(32)
        ),
    );
    s(
        "secrets.slack-app-token",
        "{}",
        format!("xapp-1-{}-{}-{}", upper_alnum(11), digits(13), hex(64)),
    );
    s(
        "secrets.slack-config-token",
        "{}",
        format!("xoxe.xoxp-1-{}", alnum(164)),
    );
    s(
        "secrets.slack-legacy-token",
        "{}",
        format!(
            "xoxs-{}-{}-{}-{}",
            digits(10),
            digits(10),
            digits(10),
            hex(64)
        ),
    );
    s(
        "secrets.slack-webhook-url",
        "curl -X POST {} -d @msg.json",
        format!(
            "https://hooks.slack.com/services/T{}/B{}/{}",
            upper_alnum(8),
            upper_alnum(10),
            alnum(24)
        ),
    );
    s(
        "secrets.discord-bot-token",
        "DISCORD_BOT_TOKEN={}",
        format!("M{}.{}.{}", alnum(23), alnum(6), alnum(27)),
    );
    s(
        "secrets.discord-webhook-url",
        "{}",
        format!(
            "https://discord.com/api/webhooks/{}/{}",
            digits(18),
            alnum(68)
        ),
    );
    s(
        "secrets.discord-client-secret",
        "DISCORD_CLIENT_SECRET={}",
        alnum(32),
    );
    s(
        "secrets.telegram-bot-token",
        "TELEGRAM_BOT_TOKEN={}",
        format!("{}:AA{}", digits(10), alnum(33)),
    );
    s(
        "secrets.telegram-bot-token",
        "curl https://api.telegram.org/bot{}/getMe",
        format!("{}:AA{}", digits(9), alnum(33)),
    );
    s(
        "secrets.microsoft-teams-webhook",
        "{}",
        format!(
            "https://acme.webhook.office.com/webhookb2/{}@{}/IncomingWebhook/{}/{}",
            uuid(),
            uuid(),
            alnum(32),
            uuid()
        ),
    );
    s("secrets.mattermost-token", "MATTERMOST_TOKEN={}", alnum(26));
    s("secrets.twilio-api-key", "{}", format!("SK{}", hex(32)));
    s("secrets.twilio-auth-token", "TWILIO_AUTH_TOKEN={}", hex(32));
    s(
        "secrets.sendgrid-api-key",
        "{}",
        format!("SG.{}.{}", alnum(22), alnum(43)),
    );
    s(
        "secrets.mailgun-api-key",
        "MAILGUN_API_KEY={}",
        format!("key-{}", hex(32)),
    );
    s(
        "secrets.mailchimp-api-key",
        "{}",
        format!("{}-us21", hex(32)),
    );
    s(
        "secrets.sendinblue-api-key",
        "{}",
        format!("xkeysib-{}-{}", hex(64), alnum(16)),
    );
    s("secrets.postmark-token", "POSTMARK_SERVER_TOKEN={}", uuid());
    s(
        "secrets.messagebird-api-key",
        "MESSAGEBIRD_API_KEY={}",
        alnum(25),
    );
    s("secrets.sendbird-token", "SENDBIRD_API_TOKEN={}", hex(40));
    s(
        "secrets.stripe-secret-key",
        "{}",
        format!("sk_live_{}", alnum(24)),
    );
    s(
        "secrets.stripe-restricted-key",
        "{}",
        format!("rk_live_{}", alnum(24)),
    );
    s(
        "secrets.stripe-test-key",
        "{}",
        format!("sk_test_{}", alnum(24)),
    );
    s(
        "secrets.stripe-webhook-secret",
        "{}",
        format!("whsec_{}", alnum(32)),
    );
    s(
        "secrets.square-access-token",
        "{}",
        format!("EAAA{}", alnum(40)),
    );
    s(
        "secrets.square-oauth-secret",
        "{}",
        format!("sq0csp-{}", alnum(43)),
    );
    s(
        "secrets.braintree-access-token",
        "{}",
        format!("access_token$production${}${}", lower_alnum(16), hex(32)),
    );
    s(
        "secrets.paypal-client-secret",
        "PAYPAL_CLIENT_SECRET={}",
        alnum(80),
    );
    s(
        "secrets.shopify-access-token",
        "{}",
        format!("shpat_{}", hex(32)),
    );
    s(
        "secrets.shopify-custom-app-token",
        "{}",
        format!("shpca_{}", hex(32)),
    );
    s(
        "secrets.shopify-private-app-token",
        "{}",
        format!("shppa_{}", hex(32)),
    );
    s(
        "secrets.shopify-shared-secret",
        "{}",
        format!("shpss_{}", hex(32)),
    );
    s(
        "secrets.easypost-api-key",
        "{}",
        format!("EZAK{}", alnum(54)),
    );
    s(
        "secrets.shippo-api-token",
        "{}",
        format!("shippo_live_{}", hex(40)),
    );
    s(
        "secrets.duffel-api-token",
        "{}",
        format!("duffel_test_{}", alnum(43)),
    );
    s(
        "secrets.flutterwave-key",
        "{}",
        format!("FLWSECK_TEST-{}-X", hex(32)),
    );
    s("secrets.plaid-token", "PLAID_SECRET={}", alnum(30));
    s(
        "secrets.gocardless-token",
        "GOCARDLESS_ACCESS_TOKEN={}",
        format!("live_{}", alnum(40)),
    );
    s(
        "secrets.coinbase-token",
        "COINBASE_API_SECRET={}",
        alnum(64),
    );
    s("secrets.crypto-exchange-key", "KRAKEN_API_KEY={}", b64(88));
    s(
        "secrets.openai-api-key",
        "OPENAI_API_KEY={}",
        format!("sk-proj-{}T3BlbkFJ{}", alnum(74), alnum(74)),
    );
    s(
        "secrets.openai-api-key",
        "{}",
        format!("sk-{}T3BlbkFJ{}", alnum(20), alnum(20)),
    );
    s(
        "secrets.anthropic-api-key",
        "ANTHROPIC_API_KEY={}",
        format!("sk-ant-api03-{}AA", alnum(93)),
    );
    s(
        "secrets.anthropic-admin-key",
        "{}",
        format!("sk-ant-admin01-{}AA", alnum(93)),
    );
    s(
        "secrets.anthropic-oauth-token",
        "{}",
        format!("sk-ant-oat01-{}AA", alnum(93)),
    );
    s(
        "secrets.huggingface-token",
        "HF_TOKEN={}",
        format!("hf_{}", letters(34)),
    );
    s(
        "secrets.huggingface-org-token",
        "{}",
        format!("api_org_{}", letters(34)),
    );
    s(
        "secrets.perplexity-api-key",
        "{}",
        format!("pplx-{}", alnum(48)),
    );
    s("secrets.groq-api-key", "{}", format!("gsk_{}", alnum(52)));
    s(
        "secrets.replicate-api-token",
        "{}",
        format!("r8_{}", alnum(37)),
    );
    s("secrets.xai-api-key", "{}", format!("xai-{}", alnum(80)));
    s("secrets.cohere-api-key", "COHERE_API_KEY={}", alnum(40));
    s(
        "secrets.npm-access-token",
        "{}",
        format!("npm_{}", alnum(36)),
    );
    s(
        "secrets.npmrc-auth-token",
        "//registry.npmjs.org/:_authToken={}\n",
        uuid(),
    );
    s(
        "secrets.pypi-upload-token",
        "password = {}",
        format!("pypi-AgEIcHlwaS5vcmc{}", alnum(70)),
    );
    s(
        "secrets.rubygems-api-key",
        "{}",
        format!("rubygems_{}", hex(48)),
    );
    s(
        "secrets.nuget-api-key",
        "{}",
        format!("oy2{}", lower_alnum(43)),
    );
    s(
        "secrets.nuget-config-password",
        r#"<add key="ClearTextPassword" value="{}" />"#,
        alnum(16),
    );
    s(
        "secrets.clojars-api-token",
        "{}",
        format!("CLOJARS_{}", lower_alnum(60)),
    );
    s(
        "secrets.dockerhub-pat",
        "{}",
        format!("dckr_pat_{}", alnum(27)),
    );
    s(
        "secrets.artifactory-api-key",
        "{}",
        format!("AKCp{}", alnum(69)),
    );
    s(
        "secrets.artifactory-reference-token",
        "{}",
        format!("cmVmd{}", alnum(59)),
    );
    s("secrets.jfrog-token", "JFROG_ACCESS_TOKEN={}", alnum(64));
    s(
        "secrets.crates-io-token",
        "CARGO_REGISTRY_TOKEN={}",
        format!("cio{}", alnum(32)),
    );
    s(
        "secrets.linear-api-key",
        "{}",
        format!("lin_api_{}", alnum(40)),
    );
    s(
        "secrets.linear-client-secret",
        "LINEAR_CLIENT_SECRET={}",
        hex(32),
    );
    s(
        "secrets.notion-token",
        "{}",
        format!("ntn_{}{}", digits(11), alnum(35)),
    );
    s("secrets.datadog-api-key", "DD_API_KEY={}", hex(32));
    s(
        "secrets.new-relic-user-api-key",
        "{}",
        format!("NRAK-{}", upper_alnum(27)),
    );
    s(
        "secrets.new-relic-insert-key",
        "{}",
        format!("NRII-{}", alnum(32)),
    );
    s(
        "secrets.new-relic-browser-api-key",
        "{}",
        format!("NRJS-{}", hex(19)),
    );
    s(
        "secrets.new-relic-license-key",
        "{}",
        format!("{}NRAL", hex(36)),
    );
    s(
        "secrets.sentry-org-token",
        "{}",
        format!("sntrys_eyJ{}_{}", alnum(80), alnum(43)),
    );
    s(
        "secrets.sentry-user-token",
        "{}",
        format!("sntryu_{}", hex(64)),
    );
    s("secrets.sentry-auth-token", "SENTRY_AUTH_TOKEN={}", hex(64));
    s(
        "secrets.postman-api-key",
        "{}",
        format!("PMAK-{}-{}", hex(24), hex(34)),
    );
    s(
        "secrets.dynatrace-api-token",
        "{}",
        format!("dt0c01.{}.{}", alnum(24), alnum(64)),
    );
    s(
        "secrets.planetscale-token",
        "{}",
        format!("pscale_tkn_{}", alnum(43)),
    );
    s(
        "secrets.okta-api-token",
        "OKTA_API_TOKEN={}",
        format!("00{}", alnum(40)),
    );
    s(
        "secrets.frameio-api-token",
        "{}",
        format!("fio-u-{}", alnum(64)),
    );
    s(
        "secrets.readme-api-key",
        "{}",
        format!("rdme_{}", lower_alnum(70)),
    );
    s(
        "secrets.prefect-api-key",
        "{}",
        format!("pnu_{}", alnum(36)),
    );
    s(
        "secrets.infracost-api-key",
        "{}",
        format!("ico-{}", alnum(32)),
    );
    s(
        "secrets.scalingo-api-token",
        "{}",
        format!("tk-us-{}", alnum(48)),
    );
    s(
        "secrets.maxmind-license-key",
        "{}",
        format!("{}_{}_mmk", alnum(6), alnum(29)),
    );
    s(
        "secrets.harness-api-key",
        "{}",
        format!("pat.{}.{}.{}", alnum(22), alnum(24), alnum(20)),
    );
    s(
        "secrets.airtable-pat",
        "AIRTABLE_TOKEN={}",
        format!("pat{}.{}", alnum(14), hex(64)),
    );
    s(
        "secrets.clickhouse-cloud-api-secret",
        "{}",
        format!("4b1d{}", alnum(38)),
    );
    s(
        "secrets.settlemint-token",
        "{}",
        format!("sm_pat_{}", alnum(16)),
    );
    s(
        "secrets.adobe-client-secret",
        "{}",
        format!("p8e-{}", alnum(32)),
    );
    s(
        "secrets.octopus-deploy-api-key",
        "{}",
        format!("API-{}", upper_alnum(26)),
    );
    s(
        "secrets.defined-networking-api-token",
        "{}",
        format!("dnkey-{}-{}", alnum(26), alnum(52)),
    );
    s(
        "secrets.twitter-bearer-token",
        "{}",
        format!("{}{}", "A".repeat(22), alnum(90)),
    );
    s(
        "secrets.facebook-access-token",
        "{}",
        format!("EAAC{}", alnum(120)),
    );
    s(
        "secrets.mapbox-token",
        "{}",
        format!("sk.eyJ{}.{}", alnum(60), alnum(22)),
    );
    s(
        "secrets.sidekiq-credentials",
        "BUNDLE_GEMS__CONTRIBSYS__COM={}",
        format!("{}:{}", hex(8), hex(8)),
    );
    s("secrets.adafruit-api-key", "ADAFRUIT_IO_KEY={}", alnum(32));
    s("secrets.algolia-api-key", "ALGOLIA_API_KEY={}", alnum(32));
    s("secrets.asana-token", "ASANA_CLIENT_SECRET={}", alnum(32));
    s(
        "secrets.beamer-api-token",
        "BEAMER_API_KEY={}",
        format!("b_{}", alnum(44)),
    );
    s("secrets.codecov-token", "CODECOV_TOKEN={}", alnum(32));
    s("secrets.confluent-key", "CONFLUENT_SECRET={}", alnum(64));
    s(
        "secrets.contentful-token",
        "CONTENTFUL_DELIVERY_TOKEN={}",
        alnum(43),
    );
    s("secrets.droneci-token", "DRONECI_TOKEN={}", alnum(32));
    s(
        "secrets.dropbox-token",
        "DROPBOX_TOKEN={}",
        format!("sl.{}", alnum(135)),
    );
    s("secrets.etsy-token", "ETSY_API_KEY={}", alnum(24));
    s(
        "secrets.facebook-app-secret",
        "FACEBOOK_APP_SECRET={}",
        hex(32),
    );
    s("secrets.fastly-api-token", "FASTLY_API_TOKEN={}", alnum(32));
    s("secrets.finicity-token", "FINICITY_APP_KEY={}", hex(32));
    s("secrets.finnhub-token", "FINNHUB_TOKEN={}", alnum(20));
    s("secrets.flickr-token", "FLICKR_KEY={}", alnum(32));
    s("secrets.freshbooks-token", "FRESHBOOKS_TOKEN={}", alnum(64));
    s("secrets.gitter-token", "GITTER_TOKEN={}", alnum(40));
    s("secrets.hubspot-api-key", "HUBSPOT_API_KEY={}", uuid());
    s("secrets.intercom-token", "INTERCOM_TOKEN={}", alnum(60));
    s(
        "secrets.launchdarkly-token",
        "LAUNCHDARKLY_SDK_KEY={}",
        alnum(40),
    );
    s(
        "secrets.linkedin-client-secret",
        "LINKEDIN_CLIENT_SECRET={}",
        alnum(16),
    );
    s(
        "secrets.lob-api-key",
        "LOB_API_KEY={}",
        format!("live_{}", hex(35)),
    );
    s(
        "secrets.looker-client-secret",
        "LOOKER_CLIENT_SECRET={}",
        alnum(24),
    );
    s("secrets.meraki-api-key", "MERAKI_API_KEY={}", hex(40));
    s("secrets.nytimes-token", "NYTIMES_API_KEY={}", alnum(32));
    s(
        "secrets.privateai-api-token",
        "PRIVATE_AI_KEY={}",
        alnum(32),
    );
    s("secrets.rapidapi-token", "RAPIDAPI_KEY={}", alnum(50));
    s("secrets.snyk-api-token", "SNYK_TOKEN={}", uuid());
    s(
        "secrets.sonarqube-token",
        "SONAR_TOKEN={}",
        format!("squ_{}", alnum(40)),
    );
    s(
        "secrets.squarespace-token",
        "SQUARESPACE_API_KEY={}",
        uuid(),
    );
    s("secrets.sumologic-key", "SUMO_ACCESS_KEY={}", alnum(64));
    s("secrets.travisci-token", "TRAVIS_TOKEN={}", alnum(22));
    s(
        "secrets.twitch-api-token",
        "TWITCH_CLIENT_SECRET={}",
        alnum(30),
    );
    s(
        "secrets.twitter-api-secret",
        "TWITTER_API_SECRET={}",
        alnum(50),
    );
    s(
        "secrets.typeform-token",
        "TYPEFORM_TOKEN={}",
        format!("tfp_{}", alnum(59)),
    );
    s(
        "secrets.yandex-key",
        "YANDEX_API_KEY={}",
        format!("AQVN{}", alnum(36)),
    );
    s("secrets.zendesk-secret", "ZENDESK_API_TOKEN={}", alnum(40));
    s(
        "secrets.jwt",
        "the session cookie was {} yesterday",
        format!("eyJ{}.eyJ{}.{}", alnum(20), alnum(40), alnum(43)),
    );
    s(
        "secrets.postgres-connection-string",
        "DATABASE_URL=postgres://app:{}@db.internal:5432/app",
        alnum(16),
    );
    s(
        "secrets.mysql-connection-string",
        "mysql://root:{}@127.0.0.1:3306/shop",
        alnum(16),
    );
    s(
        "secrets.mongodb-connection-string",
        "mongodb+srv://svc:{}@cluster0.mongodb.net/?retryWrites=true",
        alnum(16),
    );
    s(
        "secrets.redis-connection-string",
        "REDIS_URL=redis://:{}@cache:6379/0",
        alnum(16),
    );
    s(
        "secrets.amqp-connection-string",
        "amqp://worker:{}@mq:5672/vhost",
        alnum(16),
    );
    s(
        "secrets.url-password",
        "git clone https://deploy:{}@git.corp.internal/repo.git",
        alnum(16),
    );
    s(
        "secrets.authorization-header",
        "curl -H 'Authorization: Bearer {}' https://api",
        alnum(40),
    );
    s(
        "secrets.curl-user-password",
        "curl -u deploy:{} https://artifacts.internal/x",
        alnum(16),
    );
    s(
        "secrets.netrc-password",
        "machine api.internal\n  login bot\n  password {}\n",
        alnum(16),
    );
    s(
        "secrets.docker-config-auth",
        r#"{"auths": {"ghcr.io": {"auth": "{}"}}}"#,
        b64(40),
    );
    s(
        "secrets.generic-secret",
        "DB_PASSWORD={}\n",
        format!("{}-{}", alnum(10), hex(6)),
    );
    s(
        "secrets.generic-secret",
        "\"client_secret\": \"{}\",",
        format!("{}{}", digits(4), letters(20)),
    );
    s(
        "secrets.generic-secret",
        "api_key: {}",
        format!("{}{}", letters(12), digits(8)),
    );
    v
}

fn assert_found(id: &str, text: &str, secret: &str) {
    let findings = scan(text);
    let hit = findings
        .iter()
        .find(|f| &text[f.span.start..f.span.end] == secret);
    match hit {
        Some(f) => {
            assert_eq!(
                f.rule_id, id,
                "{id}: the secret was reported by another rule in {text:?}"
            );
            assert_eq!(f.category, "secret");
            assert!(!f.message.is_empty());
            assert!(
                !f.message.contains(secret),
                "messages never contain the secret"
            );
        }
        None => {
            panic!("{id}: no finding spans exactly the secret {secret:?} in {text:?}: {findings:?}")
        }
    }
}

#[test]
fn every_rule_finds_its_sample() {
    let samples = samples();
    for (id, text, secret) in &samples {
        assert_found(id, text, secret);
    }
    let sampled: BTreeSet<&str> = samples.iter().map(|(id, _, _)| *id).collect();
    let missing: Vec<&str> = rule_ids()
        .into_iter()
        .filter(|id| !sampled.contains(id))
        .collect();
    assert!(missing.is_empty(), "rules without a sample: {missing:?}");
}

#[test]
fn at_least_sixty_rules() {
    assert!(rule_ids().len() >= 60);
}

#[test]
fn samples_in_one_text_are_all_found() {
    let samples = samples();
    let text: String = samples
        .iter()
        .map(|(_, t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let findings = scan(&text);
    for (id, _, secret) in &samples {
        assert!(
            findings
                .iter()
                .any(|f| f.rule_id == *id && &text[f.span.start..f.span.end] == secret),
            "{id} lost when scanned together with the other samples"
        );
    }
}

fn assert_clean(text: &str) {
    let f = scan(text);
    assert!(f.is_empty(), "expected no finding in {text:?}, got {f:?}");
}

#[test]
fn near_misses_are_not_reported() {
    // Wrong length, wrong case, or glued to more token characters.
    assert_clean(&format!("ghp_{}", alnum(35)));
    assert_clean(&format!("ghp_{}", alnum(37)));
    assert_clean(&format!("xghp_{}", alnum(36)));
    assert_clean(&format!(
        "akia{}",
        cycle("QWERTYUIOPASDFGHJKLZXCVBNM234567", 16)
    ));
    assert_clean(&format!("sk_live_{}", "abc"));
    assert_clean(&format!("glpat-{}", alnum(12)));
    assert_clean(&format!("npm_{}", alnum(20)));
    assert_clean(&format!("hf_{}", digits(34)));
    assert_clean(&format!("zabc8Q~{}", alnum(34)));
    assert_clean(&format!("{}:AA{}", digits(20), alnum(33)));
    // AWS's published documentation example is not a secret.
    assert_clean(&format!("aws_access_key_id = AKIA{}EXAMPLE", "IOSFODNN7"));
    // A JWT needs three parts.
    assert_clean(&format!("eyJ{}.eyJ{}", alnum(20), alnum(40)));
    // Provider-context rules need the provider name and the exact value shape.
    assert_clean(&format!("DATADOG_SITE={}", "datadoghq.eu"));
    assert_clean(&format!("HEROKU_APP_NAME={}", "my-app-staging"));
    // A private-key header alone, or a public key, is not a private key.
    let d = "-".repeat(5);
    assert_clean(&format!("{d}BEGIN RSA PRIVATE KEY{d}\n"));
    assert_clean(&pem("PUBLIC KEY", &b64(200)));
    assert_clean("the ssh-keygen manual explains PRIVATE KEY files");
}

#[test]
fn generic_assignments_need_a_secret_looking_value() {
    for text in [
        "password = \"changeme\"",
        "password: string",
        "password=hunter2",
        "token = get_token()",
        "max_tokens = 4096",
        "secret_key = settings.SECRET_KEY",
        "tokenizer = AutoTokenizer.from_pretrained(model_name)",
        "password = os.environ[\"DB_PASSWORD\"]",
        "api_key: ${API_KEY}",
        "API_KEY={{ secrets.API_KEY }}",
        "token: your_token_here_123",
        "password: <your-password-1>",
        "session_token = 1234567890123",
        "the secret to good code is simple: keep functions short",
        "Passwords must contain at least 8 characters: letters and digits",
        "private_key = ed25519.Ed25519PrivateKey.from_private_bytes(data)",
        "const argToken = utils_1.ESLintUtils.nullThrows(sourceCode)",
        "password_encryption = scram-sha-256",
        "OID_CLIENT_AUTH = ExtendedKeyUsageOID.CLIENT_AUTH",
        "'sum', 'sumint', 'sumofsquares', 'sumsandsquares'",
    ] {
        assert_clean(text);
    }
}

#[test]
fn url_passwords_that_are_defaults_or_variables_are_not_reported() {
    for text in [
        "postgres://user:password@localhost:5432/db",
        "postgres://postgres:postgres@localhost/db",
        "amqp://guest:guest@localhost:5672/",
        "mysql://root:${DB_PASS}@db/app",
        "redis://default:changeme@cache:6379",
        "https://example.com/path?x=1",
        "curl -u \"$USER:$PASS\" https://x",
        "curl -H \"Authorization: Bearer $TOKEN\" https://api",
        "new URL('https://abc:xyz@example.com')",
        "new URL('https://admin:s3cr3tValue9@example.org/x')",
        "cvs -d :pserver:anoncvs@sources.redhat.com:/cvs/src",
        "machine example.com login daniel password qwerty",
    ] {
        assert_clean(text);
    }
}

#[test]
fn truncated_private_key_is_still_reported() {
    let d = "-".repeat(5);
    let text = format!(
        "$ cat ~/.ssh/id_ed25519\n{d}BEGIN OPENSSH PRIVATE KEY{d}\n{}\n",
        b64(140)
    );
    let f = scan(&text);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule_id, "secrets.private-key");
    assert_eq!(f[0].severity, Severity::Critical);
    assert!(text[f[0].span.start..].starts_with(&format!("{d}BEGIN")));
}

#[test]
fn the_most_specific_overlapping_match_wins() {
    // The generic rule and github-pat both cover the value; the token format wins.
    let tok = format!("ghp_{}", alnum(36));
    let f = scan(&format!("GITHUB_TOKEN={tok}"));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule_id, "secrets.github-pat");

    // A JWT in an Authorization header is reported as a JWT.
    let jwt = format!("eyJ{}.eyJ{}.{}", alnum(20), alnum(40), alnum(43));
    let f = scan(&format!("Authorization: Bearer {jwt}"));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule_id, "secrets.jwt");

    // A token used as a URL password is reported as the token.
    let f = scan(&format!("https://x-access-token:{tok}@github.com/o/r.git"));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule_id, "secrets.github-pat");

    // A GCP service-account key: the JSON rule, not the bare private-key rule.
    let d = "-".repeat(5);
    let key = format!(
        "{d}BEGIN PRIVATE KEY{d}\\n{}\\n{d}END PRIVATE KEY{d}\\n",
        b64(80)
    );
    let f = scan(&format!(r#"{{"private_key": "{key}"}}"#));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule_id, "secrets.gcp-service-account-key");
}

#[test]
fn findings_are_sorted_and_disjoint() {
    let text: String = samples()
        .into_iter()
        .map(|(_, t, _)| t)
        .collect::<Vec<_>>()
        .join(" | ");
    let f = scan(&text);
    for w in f.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "{:?} overlaps {:?}",
            w[0],
            w[1]
        );
    }
}

#[test]
fn rule_ids_are_unique_and_prefixed() {
    let ids = rule_ids();
    let set: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(set.len(), ids.len());
    assert!(ids
        .iter()
        .all(|id| id.starts_with("secrets.") && !id.contains(' ')));
}

// ---- redaction ----

/// Puts the originals back in place of the labels; must give the input back.
fn unredact(original: &str, redacted: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    let mut rest = redacted;
    for f in findings {
        let label = format!("[REDACTED:{}]", f.rule_id);
        let at = rest.find(&label).expect("label present");
        out.push_str(&rest[..at]);
        out.push_str(&original[f.span.start..f.span.end]);
        rest = &rest[at + label.len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn redact_without_secret_returns_the_text_unchanged() {
    let text = "cargo build --release\nall good ✓ — no credentials here\n";
    let r = redact(text);
    assert_eq!(r.text, text);
    assert!(r.findings.is_empty());
    assert_eq!(redact("").text, "");
}

#[test]
fn redact_replaces_the_value_and_keeps_the_key() {
    let tok = format!("ghp_{}", alnum(36));
    let text = format!("export GITHUB_TOKEN={tok}\n");
    let r = redact(&text);
    assert_eq!(
        r.text,
        "export GITHUB_TOKEN=[REDACTED:secrets.github-pat]\n"
    );
    assert_eq!(r.findings.len(), 1);
    let span = r.findings[0].span;
    assert_eq!(&text[span.start..span.end], tok);
}

#[test]
fn redact_multiple_and_adjacent_secrets() {
    let a = format!("ghp_{}", alnum(36));
    let b = format!("npm_{}", alnum(36));
    let c = format!("sk_live_{}", alnum(24));
    let text = format!("{a},{b} {c}\n{a}");
    let r = redact(&text);
    assert_eq!(
        r.text,
        "[REDACTED:secrets.github-pat],[REDACTED:secrets.npm-access-token] \
         [REDACTED:secrets.stripe-secret-key]\n[REDACTED:secrets.github-pat]"
    );
    let spans: Vec<(usize, usize)> = r
        .findings
        .iter()
        .map(|f| (f.span.start, f.span.end))
        .collect();
    let (la, lb, lc) = (a.len(), b.len(), c.len());
    assert_eq!(
        spans,
        vec![
            (0, la),
            (la + 1, la + 1 + lb),
            (la + lb + 2, la + lb + 2 + lc),
            (la + lb + lc + 3, 2 * la + lb + lc + 3)
        ]
    );
    assert_eq!(unredact(&text, &r.text, &r.findings), text);
}

#[test]
fn redact_keeps_utf8_around_secrets() {
    let tok = format!("glpat-{}", alnum(20));
    let pw = alnum(16);
    let text = format!("clé « {tok} » — ✓ 日本語 postgres://ü:{pw}@hôte/db 🎉");
    let r = redact(&text);
    assert_eq!(r.findings.len(), 2, "{:?}", r.findings);
    assert_eq!(
        r.text,
        "clé « [REDACTED:secrets.gitlab-pat] » — ✓ 日本語 \
         postgres://ü:[REDACTED:secrets.postgres-connection-string]@hôte/db 🎉"
    );
    for f in &r.findings {
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
    }
    assert_eq!(&text[r.findings[1].span.start..r.findings[1].span.end], pw);
    assert_eq!(unredact(&text, &r.text, &r.findings), text);
}

#[test]
fn redact_round_trips_every_sample() {
    for (id, text, secret) in samples() {
        let r = redact(&text);
        assert!(
            !r.text.contains(&secret),
            "{id}: secret survived redaction: {}",
            r.text
        );
        assert!(
            r.text.contains(&format!("[REDACTED:{id}]")),
            "{id}: {}",
            r.text
        );
        assert_eq!(unredact(&text, &r.text, &r.findings), text, "{id}");
        assert_eq!(r.findings, scan(&text));
    }
}
