//! The built-in secret rules: one table, most specific first.
//!
//! Each rule is a regex *template*. Three placeholders are expanded when the set is compiled:
//! - `{B}`: an ASCII word boundary (`(?-u:\b)`). ASCII so that the lazy DFA never has to give up on
//!   non-ASCII text (a Unicode `\b` makes it quit at the first non-ASCII byte).
//! - `{E}`: the end of a token: a byte that cannot continue it (not `[A-Za-z0-9_-]`) or the end of
//!   the text. It is consumed, which is why every rule puts the secret in a capture group.
//! - `{A}`: the glue between a key name and its value: an optional name suffix (`_API_KEY`), an
//!   optional closing quote, an assignment operator (`=`, `:`, `:=`, `=>` or `?=`) and an optional
//!   opening quote, e.g. `DATADOG_API_KEY="`, `"datadog": "`. Commas are not assignments: in
//!   lists (`'sumo', 'sumsandsquares'`) they paired unrelated words.
//!
//! The reported span is the first capture group that took part in the match (so a rule may offer
//! alternatives, each with its own group), or the whole match when the rule has no group.
//!
//! Keywords feed the Aho-Corasick prefilter. They are matched ASCII case-insensitively; a leading
//! `^` requires the keyword to start a word (the byte before it is not ASCII alphanumeric) and a
//! `=` (after the optional `^`) requires the exact case as written. Every rule has keywords, so a
//! text in which none occurs skips the regex pass entirely.
//!
//! Token shapes were checked against public provider documentation and the gitleaks rule set;
//! the regexes are written for this table.

use crate::Severity::{self, Critical, High, Low, Medium};

/// How specific a rule is; decides which finding survives when matches overlap (see `resolve` in
/// the parent module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Tier {
    /// The token identifies itself (`ghp_…`, `AKIA…`, a PEM block).
    Specific,
    /// A provider or protocol name gives the value its meaning (`DATADOG_API_KEY=…`, `postgres://u:p@`).
    Contextual,
    /// A bare `password=`/`api_key=` assignment, accepted only after the value checks.
    Generic,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Shape {
    /// A complete regex template (see the module docs for `{B}`, `{E}` and `{A}`).
    Template(&'static str),
    /// `(?i:<names>){A}(<value>){E}`: a key whose name matches `names` assigned a `value`.
    Assign {
        names: &'static str,
        value: &'static str,
    },
}

/// A match as the post-match checks see it: the text and two byte ranges into it.
pub(super) struct Matched<'t> {
    pub text: &'t str,
    /// The whole regex match.
    pub whole: std::ops::Range<usize>,
    /// The reported secret (the first participating capture group, or the whole match).
    pub secret: std::ops::Range<usize>,
}

impl Matched<'_> {
    pub fn whole_str(&self) -> &str {
        &self.text[self.whole.clone()]
    }

    pub fn secret_str(&self) -> &str {
        &self.text[self.secret.clone()]
    }

    /// The byte just before the secret, if any.
    fn byte_before(&self) -> Option<u8> {
        self.secret
            .start
            .checked_sub(1)
            .map(|i| self.text.as_bytes()[i])
    }

    /// The byte just after the secret, if any.
    fn byte_after(&self) -> Option<u8> {
        self.text.as_bytes().get(self.secret.end).copied()
    }
}

/// A post-match check; false drops the match.
pub(super) type Check = fn(&Matched<'_>) -> bool;

#[derive(Debug, Clone, Copy)]
pub(super) struct RuleSpec {
    pub id: &'static str,
    pub message: &'static str,
    pub severity: Severity,
    pub tier: Tier,
    pub keywords: &'static [&'static str],
    pub shape: Shape,
    pub check: Option<Check>,
    /// Every match starts exactly where one of the rule's keywords starts. Such a rule is verified
    /// by anchored searches at its keyword hits instead of a search over the whole text; use it
    /// for rules without a literal the regex engine can skip to (case-insensitive name lists).
    pub anchored: bool,
}

const fn t(
    id: &'static str,
    message: &'static str,
    severity: Severity,
    keywords: &'static [&'static str],
    template: &'static str,
) -> RuleSpec {
    RuleSpec {
        id,
        message,
        severity,
        tier: Tier::Specific,
        keywords,
        shape: Shape::Template(template),
        check: None,
        anchored: false,
    }
}

const fn ctx(
    id: &'static str,
    message: &'static str,
    severity: Severity,
    keywords: &'static [&'static str],
    names: &'static str,
    value: &'static str,
) -> RuleSpec {
    RuleSpec {
        id,
        message,
        severity,
        tier: Tier::Contextual,
        keywords,
        shape: Shape::Assign { names, value },
        check: None,
        anchored: false,
    }
}

impl RuleSpec {
    const fn tier(mut self, tier: Tier) -> RuleSpec {
        self.tier = tier;
        self
    }

    const fn anchored(mut self) -> RuleSpec {
        self.anchored = true;
        self
    }

    const fn check(mut self, check: Check) -> RuleSpec {
        self.check = Some(check);
        self
    }
}

/// A canonical UUID, either case.
macro_rules! uuid {
    () => {
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    };
}

/// A PEM (or PGP) private-key block. The body may hold base64, header lines (`Proc-Type: …`) and
/// JSON-escaped newlines. Without an END line (truncated output) the header and at least 64
/// characters of body are reported.
const PRIVATE_KEY: &str = concat!(
    r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----",
    r"(?:[A-Za-z0-9+/=\s:,.\\-]{20,}?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----",
    r"|(?:\s|\\[nr])*[A-Za-z0-9+/=\s\\]{64,})"
);

/// A password inside a URL's userinfo; `scheme` is a case-insensitive alternation.
macro_rules! url_password {
    ($scheme:literal) => {
        concat!(
            "(?i:",
            $scheme,
            r#")://[^\s:/@'"`]*:([^\s:@/'"`]+)@[^\s/'"`]+"#
        )
    };
}

pub(super) static RULES: &[RuleSpec] = &[
    // ---- key material ----
    t(
        "secrets.gcp-service-account-key",
        "Google Cloud service-account private key (JSON)",
        Critical,
        &["\"private_key\""],
        r#""private_key"\s*:\s*"(-----BEGIN[ A-Z]{0,20}PRIVATE KEY-----(?:\\[nr]|[A-Za-z0-9+/=\s])+?-----END[ A-Z]{0,20}PRIVATE KEY-----(?:\\n)?)""#,
    ),
    t("secrets.private-key", "Private key block", Critical, &["-----begin"], PRIVATE_KEY),
    t(
        "secrets.age-secret-key",
        "age encryption secret key",
        Critical,
        &["age-secret-key-1"],
        r"(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})",
    ),
    t(
        "secrets.onepassword-secret-key",
        "1Password account secret key",
        Critical,
        &["^=A3-"],
        r"{B}(A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}){E}",
    ),
    t(
        "secrets.onepassword-service-account-token",
        "1Password service-account token",
        Critical,
        &["^ops_eyj"],
        r"{B}(ops_eyJ[A-Za-z0-9+/]{250,}={0,3})",
    ),
    // ---- cloud providers ----
    t(
        "secrets.aws-access-key-id",
        "AWS access key id",
        Critical,
        &["^=AKIA", "^=ASIA", "^=ABIA", "^=ACCA", "^=A3T"],
        r"{B}((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}){E}",
    )
    .check(not_documentation_example),
    ctx(
        "secrets.aws-secret-access-key",
        "AWS secret access key",
        Critical,
        &["aws", "secret"],
        r"aws[_.-]?secret[_.-]?(?:access[_.-]?)?key|secret[_.-]?access[_.-]?key",
        r"[A-Za-z0-9/+]{40}",
    )
    .check(not_documentation_example),
    ctx(
        "secrets.aws-session-token",
        "AWS session token",
        High,
        &["aws"],
        r"aws[_.-]?session[_.-]?token",
        r"[A-Za-z0-9/+=]{100,}",
    ),
    t(
        "secrets.aws-bedrock-api-key",
        "Amazon Bedrock API key",
        High,
        &["^=ABSK", "bedrock-api-key-"],
        r"{B}(ABSK[A-Za-z0-9+/]{109,}={0,2}|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%&?._-]*)",
    ),
    t(
        "secrets.gcp-api-key",
        "Google Cloud API key",
        High,
        &["^aiza"],
        r"{B}(AIza[A-Za-z0-9_-]{35}){E}",
    ),
    t(
        "secrets.google-oauth-client-secret",
        "Google OAuth client secret",
        High,
        &["^gocspx-"],
        r"{B}(GOCSPX-[A-Za-z0-9_-]{28}){E}",
    ),
    t(
        "secrets.google-oauth-access-token",
        "Google OAuth access token",
        High,
        &["^ya29."],
        r"{B}(ya29\.[A-Za-z0-9_-]{30,}){E}",
    ),
    t(
        "secrets.firebase-cloud-messaging-key",
        "Firebase Cloud Messaging server key",
        High,
        &["apa91b"],
        r"{B}(AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}){E}",
    ),
    t(
        "secrets.azure-storage-account-key",
        "Azure storage account key",
        Critical,
        &["accountkey", "azure"],
        r"(?:(?i:AccountKey)[ \t]*=[ \t]*|(?i:azure[_.-]?storage[A-Za-z0-9_.-]{0,20}?key){A})([A-Za-z0-9+/]{86}==)",
    ),
    t(
        "secrets.azure-sas-token",
        "Azure shared access signature",
        High,
        &["sig="],
        r#"(?i:[?&;]sv=[0-9]{4}-[0-9]{2}-[0-9]{2}[^\s"'<>]{0,300}?[?&;]sig=)([A-Za-z0-9%+/]{40,}(?:%3D|=){0,2})"#,
    ),
    t(
        "secrets.azure-ad-client-secret",
        "Azure AD (Entra ID) client secret",
        High,
        &["q~"],
        // Boundaries are checked afterwards: a leading alternation here would cost the regex its
        // inner-literal (`Q~`) optimization.
        r"([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})",
    )
    .check(azure_secret_bounded),
    t(
        "secrets.digitalocean-pat",
        "DigitalOcean personal access token",
        High,
        &["^dop_v1_"],
        r"{B}(dop_v1_[a-f0-9]{64}){E}",
    ),
    t(
        "secrets.digitalocean-oauth-token",
        "DigitalOcean OAuth token",
        High,
        &["^doo_v1_"],
        r"{B}(doo_v1_[a-f0-9]{64}){E}",
    ),
    t(
        "secrets.digitalocean-refresh-token",
        "DigitalOcean refresh token",
        High,
        &["^dor_v1_"],
        r"{B}(dor_v1_[a-f0-9]{64}){E}",
    ),
    t(
        "secrets.alibaba-access-key-id",
        "Alibaba Cloud access key id",
        High,
        &["^=LTAI"],
        r"{B}(LTAI[A-Za-z0-9]{20}){E}",
    ),
    ctx(
        "secrets.alibaba-secret-key",
        "Alibaba Cloud access key secret",
        High,
        &["alibaba", "aliyun"],
        "alibaba|aliyun",
        "[A-Za-z0-9]{30}",
    ),
    ctx(
        "secrets.ibm-cloud-api-key",
        "IBM Cloud API key",
        High,
        &["ibm"],
        r"ibm[_.-]?(?:cloud)?[_.-]?(?:api)?[_.-]?key",
        "[A-Za-z0-9_-]{44}",
    ),
    ctx(
        "secrets.cloudflare-api-token",
        "Cloudflare API token or global API key",
        High,
        &["cloudflare", "cf_api", "cf-api"],
        "cloudflare|cf[_-]api",
        "[A-Za-z0-9_-]{40}|[a-f0-9]{37}",
    ),
    t(
        "secrets.cloudflare-origin-ca-key",
        "Cloudflare Origin CA key",
        High,
        &["^v1.0-"],
        r"{B}(v1\.0-[a-f0-9]{24}-[a-f0-9]{146}){E}",
    ),
    ctx(
        "secrets.heroku-api-key",
        "Heroku API key",
        High,
        &["heroku"],
        "heroku",
        uuid!(),
    ),
    t(
        "secrets.heroku-api-key-v2",
        "Heroku API key",
        High,
        &["^=HRKU-AA"],
        r"{B}(HRKU-AA[A-Za-z0-9_-]{58}){E}",
    ),
    t(
        "secrets.flyio-token",
        "Fly.io access token",
        High,
        &["^fo1_", "^fm1", "^fm2_"],
        r"{B}(fo1_[A-Za-z0-9_-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3}){E}",
    ),
    ctx(
        "secrets.vercel-token",
        "Vercel access token",
        High,
        &["vercel"],
        "vercel",
        "[A-Za-z0-9]{24}",
    ),
    t(
        "secrets.netlify-pat",
        "Netlify personal access token",
        High,
        &["^nfp_"],
        r"{B}(nfp_[A-Za-z0-9]{36}){E}",
    ),
    ctx(
        "secrets.netlify-token",
        "Netlify access token",
        High,
        &["netlify"],
        "netlify",
        "[A-Za-z0-9=_-]{40,46}",
    ),
    t(
        "secrets.supabase-access-token",
        "Supabase access token",
        High,
        &["^sbp_"],
        r"{B}(sbp_[a-f0-9]{40}){E}",
    ),
    t(
        "secrets.render-api-key",
        "Render API key",
        High,
        &["^rnd_"],
        r"{B}(rnd_[A-Za-z0-9]{32}){E}",
    ),
    t(
        "secrets.databricks-token",
        "Databricks access token",
        High,
        &["^dapi"],
        r"{B}(dapi[a-f0-9]{32}(?:-[0-9])?){E}",
    ),
    t(
        "secrets.terraform-cloud-token",
        "Terraform Cloud / Enterprise API token",
        High,
        &["atlasv1"],
        r"{B}([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}){E}",
    ),
    t(
        "secrets.vault-service-token",
        "HashiCorp Vault service token",
        Critical,
        &["^hvs."],
        r"{B}(hvs\.[A-Za-z0-9_-]{90,}){E}",
    ),
    t(
        "secrets.vault-batch-token",
        "HashiCorp Vault batch token",
        Critical,
        &["^hvb."],
        r"{B}(hvb\.[A-Za-z0-9_-]{138,}){E}",
    ),
    t(
        "secrets.pulumi-access-token",
        "Pulumi access token",
        High,
        &["^pul-"],
        r"{B}(pul-[a-f0-9]{40}){E}",
    ),
    t(
        "secrets.doppler-token",
        "Doppler token",
        High,
        &["^dp."],
        r"{B}(dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{1,30}\.)?[A-Za-z0-9]{40,44}){E}",
    ),
    t(
        "secrets.grafana-api-key",
        "Grafana API key",
        High,
        &["^eyjrijoi"],
        r"{B}(eyJrIjoi[A-Za-z0-9]{70,}={0,3})",
    ),
    t(
        "secrets.grafana-cloud-token",
        "Grafana Cloud API token",
        High,
        &["^glc_"],
        r"{B}(glc_[A-Za-z0-9+/]{32,}={0,3})",
    ),
    t(
        "secrets.grafana-service-account-token",
        "Grafana service-account token",
        High,
        &["^glsa_"],
        r"{B}(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}){E}",
    ),
    t(
        "secrets.tailscale-key",
        "Tailscale auth or API key",
        High,
        &["^tskey-"],
        r"{B}(tskey-[a-z]+-[A-Za-z0-9]{8,}-[A-Za-z0-9]{16,}){E}",
    ),
    t(
        "secrets.openshift-user-token",
        "OpenShift user token",
        High,
        &["sha256~"],
        r"{B}(sha256~[A-Za-z0-9_-]{43}){E}",
    ),
    // ---- source hosting ----
    t(
        "secrets.github-pat",
        "GitHub personal access token",
        High,
        &["^ghp_"],
        r"{B}(ghp_[A-Za-z0-9]{36}){E}",
    ),
    t(
        "secrets.github-fine-grained-pat",
        "GitHub fine-grained personal access token",
        High,
        &["^github_pat_"],
        r"{B}(github_pat_[A-Za-z0-9_]{82}){E}",
    ),
    t(
        "secrets.github-oauth-token",
        "GitHub OAuth access token",
        High,
        &["^gho_"],
        r"{B}(gho_[A-Za-z0-9]{36}){E}",
    ),
    t(
        "secrets.github-app-token",
        "GitHub App user-to-server or installation token",
        High,
        &["^ghu_", "^ghs_"],
        r"{B}(gh[us]_[A-Za-z0-9]{36}){E}",
    ),
    t(
        "secrets.github-refresh-token",
        "GitHub refresh token",
        High,
        &["^ghr_"],
        r"{B}(ghr_[A-Za-z0-9]{36}){E}",
    ),
    t(
        "secrets.gitlab-pat",
        "GitLab personal access token",
        High,
        &["^glpat-"],
        r"{B}(glpat-(?:[A-Za-z0-9_-]{27,}\.[0-9a-z]{9}|[A-Za-z0-9_-]{20})){E}",
    ),
    t(
        "secrets.gitlab-deploy-token",
        "GitLab deploy token",
        High,
        &["^gldt-"],
        r"{B}(gldt-[A-Za-z0-9_-]{20}){E}",
    ),
    t(
        "secrets.gitlab-runner-token",
        "GitLab runner authentication token",
        High,
        &["^glrt-"],
        r"{B}(glrt-(?:t[0-9]_[A-Za-z0-9_-]{27,}\.[0-9a-z]{9}|[A-Za-z0-9_-]{20})){E}",
    ),
    t(
        "secrets.gitlab-runner-registration-token",
        "GitLab runner registration token",
        High,
        &["^=GR1348941"],
        r"{B}(GR1348941[A-Za-z0-9_-]{20}){E}",
    ),
    t(
        "secrets.gitlab-pipeline-trigger-token",
        "GitLab pipeline trigger token",
        High,
        &["^glptt-"],
        r"{B}(glptt-[0-9a-f]{40}){E}",
    ),
    t(
        "secrets.gitlab-ci-job-token",
        "GitLab CI/CD job token",
        High,
        &["^glcbt-"],
        r"{B}(glcbt-[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_-]{20}){E}",
    ),
    t(
        "secrets.gitlab-feed-token",
        "GitLab feed token",
        Medium,
        &["^glft-"],
        r"{B}(glft-[0-9a-zA-Z_-]{20}){E}",
    ),
    t(
        "secrets.gitlab-incoming-mail-token",
        "GitLab incoming mail token",
        Medium,
        &["^glimt-"],
        r"{B}(glimt-[0-9a-zA-Z_-]{25}){E}",
    ),
    t(
        "secrets.gitlab-agent-token",
        "GitLab Kubernetes agent token",
        High,
        &["^glagent-"],
        r"{B}(glagent-[0-9a-zA-Z_-]{50}){E}",
    ),
    t(
        "secrets.gitlab-oauth-app-secret",
        "GitLab OAuth application secret",
        High,
        &["^gloas-"],
        r"{B}(gloas-[0-9a-zA-Z_-]{64}){E}",
    ),
    t(
        "secrets.gitlab-scim-token",
        "GitLab SCIM token",
        High,
        &["^glsoat-"],
        r"{B}(glsoat-[0-9a-zA-Z_-]{20}){E}",
    ),
    t(
        "secrets.gitlab-feature-flag-token",
        "GitLab feature-flag client token",
        Medium,
        &["^glffct-"],
        r"{B}(glffct-[0-9a-zA-Z_-]{20}){E}",
    ),
    t(
        "secrets.gitlab-session-cookie",
        "GitLab session cookie",
        Medium,
        &["_gitlab_session="],
        r"_gitlab_session=([0-9a-z]{32}){E}",
    ),
    t(
        "secrets.bitbucket-app-password",
        "Bitbucket app password",
        High,
        &["^=ATBB"],
        r"{B}(ATBB[A-Za-z0-9_=.-]{28,60}){E}",
    ),
    ctx(
        "secrets.bitbucket-client-secret",
        "Bitbucket OAuth client id or secret",
        High,
        &["bitbucket"],
        "bitbucket",
        "[A-Za-z0-9_=-]{64}|[A-Za-z0-9]{32}",
    ),
    t(
        "secrets.atlassian-api-token",
        "Atlassian (Jira/Confluence) API token",
        High,
        &["^=ATATT3", "atlassian", "jira", "confluence"],
        r"{B}(ATATT3[A-Za-z0-9_=-]{186}){E}|(?i:atlassian|jira|confluence){A}([A-Za-z0-9]{24}){E}",
    ),
    t(
        "secrets.sourcegraph-access-token",
        "Sourcegraph access token",
        High,
        &["^sgp_"],
        r"{B}(sgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}|sgp_[a-fA-F0-9]{40}){E}",
    ),
    // ---- chat ----
    t(
        "secrets.slack-bot-token",
        "Slack bot token",
        High,
        &["^xoxb-"],
        r"{B}(xoxb-[0-9]{8,14}-[A-Za-z0-9-]{18,}){E}",
    ),
    t(
        "secrets.slack-user-token",
        "Slack user token",
        High,
        &["^xoxp-", "^xoxe-"],
        r"{B}(xox[pe](?:-[0-9]{10,13}){3}-[A-Za-z0-9]{28,34}){E}",
    ),
    t(
        "secrets.slack-app-token",
        "Slack app-level token",
        High,
        &["^xapp-"],
        r"{B}(xapp-[0-9]-[A-Za-z0-9]+-[0-9]+-[A-Za-z0-9]+){E}",
    ),
    t(
        "secrets.slack-config-token",
        "Slack configuration access or refresh token",
        High,
        &["^xoxe"],
        r"{B}(xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{163,166}|xoxe-[0-9]-[A-Za-z0-9]{146}){E}",
    ),
    t(
        "secrets.slack-legacy-token",
        "Slack legacy token",
        High,
        &["^xoxo-", "^xoxs-", "^xoxa-", "^xoxr-"],
        r"{B}(xox[os]-[0-9]+-[0-9]+-[0-9]+-[a-fA-F0-9]+|xox[ar]-(?:[0-9]-)?[A-Za-z0-9]{8,48}){E}",
    ),
    t(
        "secrets.slack-webhook-url",
        "Slack incoming webhook URL",
        Medium,
        &["hooks.slack.com"],
        r"((?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56})",
    ),
    t(
        "secrets.discord-bot-token",
        "Discord bot token",
        High,
        &["discord", "bot "],
        r#"(?:(?i:discord){A}|(?i:authorization)["']?[ \t]*[:=][ \t]*["']?Bot[ \t]+)([MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}){E}"#,
    ),
    t(
        "secrets.discord-webhook-url",
        "Discord webhook URL",
        Medium,
        &["discord"],
        r"(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,68})",
    ),
    ctx(
        "secrets.discord-client-secret",
        "Discord client secret or API token",
        High,
        &["discord"],
        "discord",
        "[a-f0-9]{64}|[A-Za-z0-9_-]{32}",
    ),
    t(
        "secrets.telegram-bot-token",
        "Telegram bot token",
        High,
        &["telegr", ":a"],
        // No leading boundary: `api.telegram.org/bot<id>:<secret>` glues the id to `bot`.
        r"([0-9]{5,16}:A[A-Za-z0-9_-]{34}){E}",
    )
    .check(telegram_bounded),
    t(
        "secrets.microsoft-teams-webhook",
        "Microsoft Teams incoming webhook URL",
        Medium,
        &["webhook.office.com"],
        concat!(
            r"(https://[A-Za-z0-9-]+\.webhook\.office\.com/webhookb2/",
            uuid!(),
            "@",
            uuid!(),
            "/IncomingWebhook/[A-Za-z0-9]{32}/",
            uuid!(),
            ")"
        ),
    ),
    ctx(
        "secrets.mattermost-token",
        "Mattermost access token",
        Medium,
        &["mattermost"],
        "mattermost",
        "[A-Za-z0-9]{26}",
    ),
    // ---- messaging and e-mail ----
    t(
        "secrets.twilio-api-key",
        "Twilio API key",
        High,
        &["^=SK"],
        r"{B}(SK[0-9a-fA-F]{32}){E}",
    ),
    ctx(
        "secrets.twilio-auth-token",
        "Twilio auth token",
        High,
        &["twilio"],
        "twilio",
        "[a-f0-9]{32}",
    ),
    t(
        "secrets.sendgrid-api-key",
        "SendGrid API key",
        High,
        &["^=SG."],
        r"{B}(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}){E}",
    ),
    ctx(
        "secrets.mailgun-api-key",
        "Mailgun API or signing key",
        High,
        &["mailgun"],
        "mailgun",
        "key-[a-f0-9]{32}|pubkey-[a-f0-9]{32}|[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}",
    ),
    t(
        "secrets.mailchimp-api-key",
        "Mailchimp API key",
        High,
        &["-us"],
        r"{B}([a-f0-9]{32}-us[0-9]{1,2}){E}",
    ),
    t(
        "secrets.sendinblue-api-key",
        "Brevo (Sendinblue) API key",
        High,
        &["^xkeysib-"],
        r"{B}(xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}){E}",
    ),
    ctx(
        "secrets.postmark-token",
        "Postmark server or account token",
        High,
        &["postmark"],
        "postmark",
        uuid!(),
    ),
    ctx(
        "secrets.messagebird-api-key",
        "MessageBird API key",
        High,
        &["messagebird", "message_bird", "message-bird"],
        "message[_-]?bird",
        concat!("[A-Za-z0-9]{25}|", uuid!()),
    ),
    ctx(
        "secrets.sendbird-token",
        "Sendbird API token",
        High,
        &["sendbird"],
        "sendbird",
        concat!("[a-f0-9]{40}|", uuid!()),
    ),
    // ---- payments and commerce ----
    t(
        "secrets.stripe-secret-key",
        "Stripe live secret key",
        Critical,
        &["^sk_live_", "^sk_prod_"],
        r"{B}(sk_(?:live|prod)_[A-Za-z0-9]{10,99}){E}",
    ),
    t(
        "secrets.stripe-restricted-key",
        "Stripe live restricted key",
        High,
        &["^rk_live_", "^rk_prod_"],
        r"{B}(rk_(?:live|prod)_[A-Za-z0-9]{10,99}){E}",
    ),
    t(
        "secrets.stripe-test-key",
        "Stripe test-mode secret key",
        Low,
        &["^sk_test_", "^rk_test_"],
        r"{B}([sr]k_test_[A-Za-z0-9]{10,99}){E}",
    ),
    t(
        "secrets.stripe-webhook-secret",
        "Webhook signing secret (Stripe, Svix)",
        Medium,
        &["^whsec_"],
        r"{B}(whsec_[A-Za-z0-9+/=]{32,}){E}",
    ),
    t(
        "secrets.square-access-token",
        "Square access token",
        High,
        &["^=EAAA", "^sq0atp-"],
        r"{B}((?:EAAA|sq0atp-)[A-Za-z0-9_-]{22,60}){E}",
    ),
    t(
        "secrets.square-oauth-secret",
        "Square OAuth secret",
        High,
        &["^sq0csp-"],
        r"{B}(sq0csp-[A-Za-z0-9_-]{43}){E}",
    ),
    t(
        "secrets.braintree-access-token",
        "PayPal Braintree access token",
        Critical,
        &["access_token$production$"],
        r"{B}(access_token\$production\$[a-z0-9]{16}\$[a-f0-9]{32}){E}",
    ),
    ctx(
        "secrets.paypal-client-secret",
        "PayPal client secret",
        High,
        &["paypal"],
        "paypal",
        "[A-Za-z0-9_-]{80}",
    ),
    t(
        "secrets.shopify-access-token",
        "Shopify access token",
        High,
        &["^shpat_"],
        r"{B}(shpat_[a-fA-F0-9]{32}){E}",
    ),
    t(
        "secrets.shopify-custom-app-token",
        "Shopify custom app access token",
        High,
        &["^shpca_"],
        r"{B}(shpca_[a-fA-F0-9]{32}){E}",
    ),
    t(
        "secrets.shopify-private-app-token",
        "Shopify private app access token",
        High,
        &["^shppa_"],
        r"{B}(shppa_[a-fA-F0-9]{32}){E}",
    ),
    t(
        "secrets.shopify-shared-secret",
        "Shopify shared secret",
        High,
        &["^shpss_"],
        r"{B}(shpss_[a-fA-F0-9]{32}){E}",
    ),
    t(
        "secrets.easypost-api-key",
        "EasyPost API key",
        High,
        &["^=EZAK", "^=EZTK"],
        r"{B}(EZ[AT]K[A-Za-z0-9]{54}){E}",
    ),
    t(
        "secrets.shippo-api-token",
        "Shippo API token",
        High,
        &["^shippo_"],
        r"{B}(shippo_(?:live|test)_[a-fA-F0-9]{40}){E}",
    ),
    t(
        "secrets.duffel-api-token",
        "Duffel API token",
        High,
        &["^duffel_"],
        r"{B}(duffel_(?:test|live)_[A-Za-z0-9_=-]{43}){E}",
    ),
    t(
        "secrets.flutterwave-key",
        "Flutterwave key",
        High,
        &["flwseck_test", "flwpubk_test"],
        r"(FLW(?:SECK|PUBK)_TEST-[a-hA-H0-9]{32}-X|FLWSECK_TEST[a-hA-H0-9]{12})",
    ),
    ctx(
        "secrets.plaid-token",
        "Plaid client id, secret or access token",
        High,
        &["plaid"],
        "plaid",
        concat!("access-(?:sandbox|development|production)-", uuid!(), "|[A-Za-z0-9]{30}|[A-Za-z0-9]{24}"),
    ),
    ctx(
        "secrets.gocardless-token",
        "GoCardless access token",
        High,
        &["gocardless"],
        "gocardless",
        "live_[A-Za-z0-9_=-]{40}",
    ),
    ctx(
        "secrets.coinbase-token",
        "Coinbase access token",
        High,
        &["coinbase"],
        "coinbase",
        "[A-Za-z0-9_-]{64}",
    ),
    ctx(
        "secrets.crypto-exchange-key",
        "Crypto exchange API key (Bittrex, Kraken, KuCoin)",
        High,
        &["bittrex", "kraken", "kucoin"],
        "bittrex|kraken|kucoin",
        concat!("[A-Za-z0-9/=_+-]{80,90}|", uuid!(), "|[A-Za-z0-9]{32}|[a-f0-9]{24}"),
    ),
    // ---- AI providers ----
    t(
        "secrets.openai-api-key",
        "OpenAI API key",
        High,
        &["^sk-proj-", "^sk-svcacct-", "^sk-admin-", "t3blbkfj"],
        r"{B}(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}){E}",
    ),
    t(
        "secrets.anthropic-api-key",
        "Anthropic API key",
        High,
        &["^sk-ant-api"],
        r"{B}(sk-ant-api[0-9]{2}-[A-Za-z0-9_-]{80,}){E}",
    ),
    t(
        "secrets.anthropic-admin-key",
        "Anthropic admin API key",
        Critical,
        &["^sk-ant-admin"],
        r"{B}(sk-ant-admin[0-9]{2}-[A-Za-z0-9_-]{80,}){E}",
    ),
    t(
        "secrets.anthropic-oauth-token",
        "Anthropic OAuth token",
        High,
        &["^sk-ant-o"],
        r"{B}(sk-ant-o(?:at|rt)[0-9]{2}-[A-Za-z0-9_-]{80,}){E}",
    ),
    t(
        "secrets.huggingface-token",
        "Hugging Face access token",
        High,
        &["^hf_"],
        r"{B}(hf_[A-Za-z]{34}){E}",
    ),
    t(
        "secrets.huggingface-org-token",
        "Hugging Face organization API token",
        High,
        &["^api_org_"],
        r"{B}(api_org_[A-Za-z]{34}){E}",
    ),
    t(
        "secrets.perplexity-api-key",
        "Perplexity API key",
        High,
        &["^pplx-"],
        r"{B}(pplx-[A-Za-z0-9]{48}){E}",
    ),
    t(
        "secrets.groq-api-key",
        "Groq API key",
        High,
        &["^gsk_"],
        r"{B}(gsk_[A-Za-z0-9]{52}){E}",
    ),
    t(
        "secrets.replicate-api-token",
        "Replicate API token",
        High,
        &["^r8_"],
        r"{B}(r8_[A-Za-z0-9]{37}){E}",
    ),
    t(
        "secrets.xai-api-key",
        "xAI API key",
        High,
        &["^xai-"],
        r"{B}(xai-[A-Za-z0-9]{80}){E}",
    ),
    ctx(
        "secrets.cohere-api-key",
        "Cohere API key",
        High,
        &["cohere", "co_api_key"],
        "cohere|co_api_key",
        "[A-Za-z0-9]{40}",
    ),
    // ---- package registries ----
    t(
        "secrets.npm-access-token",
        "npm access token",
        High,
        &["^npm_"],
        r"{B}(npm_[A-Za-z0-9]{36}){E}",
    ),
    t(
        "secrets.npmrc-auth-token",
        "npm registry auth token (.npmrc)",
        High,
        &["_auth"],
        r#"(?:(?m:^)|:)_auth(?:Token)?[ \t]*=[ \t]*["']?([A-Za-z0-9+/=_.-]{20,})"#,
    )
    .tier(Tier::Contextual)
    .check(not_placeholder),
    t(
        "secrets.pypi-upload-token",
        "PyPI upload token",
        High,
        &["pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"],
        r"{B}(pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}){E}",
    ),
    t(
        "secrets.rubygems-api-key",
        "RubyGems API key",
        High,
        &["^rubygems_"],
        r"{B}(rubygems_[a-f0-9]{48}){E}",
    ),
    t(
        "secrets.nuget-api-key",
        "NuGet API key",
        High,
        &["^oy2"],
        r"{B}(oy2[a-z0-9]{43}){E}",
    ),
    t(
        "secrets.nuget-config-password",
        "Password in a NuGet config",
        Medium,
        &["<add key="],
        r#"(?i:<add[ \t]+key="(?:ClearText)?Password"[ \t]+value=")([^"]{8,})""#,
    )
    .tier(Tier::Contextual)
    .check(not_placeholder),
    t(
        "secrets.clojars-api-token",
        "Clojars deploy token",
        High,
        &["^clojars_"],
        r"{B}((?i:CLOJARS_[a-z0-9]{60})){E}",
    ),
    t(
        "secrets.dockerhub-pat",
        "Docker Hub personal access token",
        High,
        &["^dckr_pat_"],
        r"{B}(dckr_pat_[A-Za-z0-9_-]{24,40}){E}",
    ),
    t(
        "secrets.artifactory-api-key",
        "JFrog Artifactory API key",
        High,
        &["^=AKCp"],
        r"{B}(AKCp[A-Za-z0-9]{69}){E}",
    ),
    t(
        "secrets.artifactory-reference-token",
        "JFrog Artifactory reference token",
        High,
        &["^cmvmd"],
        r"{B}(cmVmd[A-Za-z0-9]{59}){E}",
    ),
    ctx(
        "secrets.jfrog-token",
        "JFrog API key or identity token",
        High,
        &["jfrog", "artifactory", "bintray"],
        "jfrog|artifactory|bintray",
        "[A-Za-z0-9]{73}|[A-Za-z0-9]{64}",
    ),
    t(
        "secrets.crates-io-token",
        "crates.io API token",
        High,
        &["^cio"],
        r"{B}(cio[A-Za-z0-9]{32}){E}",
    ),
    // ---- SaaS ----
    t(
        "secrets.linear-api-key",
        "Linear API key",
        High,
        &["^lin_api_"],
        r"{B}(lin_api_[A-Za-z0-9]{40}){E}",
    ),
    ctx(
        "secrets.linear-client-secret",
        "Linear OAuth client secret",
        Medium,
        &["linear"],
        "linear",
        "[a-f0-9]{32}",
    ),
    t(
        "secrets.notion-token",
        "Notion integration token",
        High,
        &["^ntn_", "^secret_"],
        r"{B}(ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43}){E}",
    ),
    ctx(
        "secrets.datadog-api-key",
        "Datadog API or application key",
        High,
        &["datadog", "dd_ap", "dd-ap", "ddap"],
        "datadog|dd[_-]?ap[ip][_-]?key",
        "[a-z0-9]{40}|[a-f0-9]{32}",
    ),
    t(
        "secrets.new-relic-user-api-key",
        "New Relic user API key",
        High,
        &["^nrak-"],
        r"{B}(NRAK-[A-Z0-9]{27}){E}",
    ),
    t(
        "secrets.new-relic-insert-key",
        "New Relic insert key",
        High,
        &["^nrii-"],
        r"{B}(NRII-[A-Za-z0-9_-]{32}){E}",
    ),
    t(
        "secrets.new-relic-browser-api-key",
        "New Relic browser API key",
        Medium,
        &["^nrjs-"],
        r"{B}(NRJS-[a-f0-9]{19}){E}",
    ),
    t(
        "secrets.new-relic-license-key",
        "New Relic license key",
        High,
        &["nral"],
        r"{B}([a-f0-9]{36}NRAL){E}",
    ),
    t(
        "secrets.sentry-org-token",
        "Sentry organization auth token",
        High,
        &["^sntrys_"],
        r"{B}(sntrys_eyJ[A-Za-z0-9+/]{20,}={0,2}_[A-Za-z0-9+/]{43})",
    ),
    t(
        "secrets.sentry-user-token",
        "Sentry user auth token",
        High,
        &["^sntryu_"],
        r"{B}(sntryu_[a-f0-9]{64}){E}",
    ),
    ctx(
        "secrets.sentry-auth-token",
        "Sentry auth token",
        High,
        &["sentry"],
        "sentry",
        "[a-f0-9]{64}",
    ),
    t(
        "secrets.postman-api-key",
        "Postman API key",
        High,
        &["^pmak-"],
        r"{B}(PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}){E}",
    ),
    t(
        "secrets.dynatrace-api-token",
        "Dynatrace API token",
        High,
        &["^dt0c01."],
        r"{B}(dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}){E}",
    ),
    t(
        "secrets.planetscale-token",
        "PlanetScale token or password",
        High,
        &["^pscale_"],
        r"{B}(pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_=.-]{32,64}){E}",
    ),
    t(
        "secrets.okta-api-token",
        "Okta API token",
        High,
        &["okta"],
        r"(?i:okta){A}(00[A-Za-z0-9=_-]{40}){E}",
    )
    .tier(Tier::Contextual),
    t(
        "secrets.frameio-api-token",
        "Frame.io API token",
        High,
        &["^fio-u-"],
        r"{B}(fio-u-[A-Za-z0-9_=-]{64}){E}",
    ),
    t(
        "secrets.readme-api-key",
        "ReadMe API key",
        High,
        &["^rdme_"],
        r"{B}(rdme_[a-z0-9]{70}){E}",
    ),
    t(
        "secrets.prefect-api-key",
        "Prefect API key",
        High,
        &["^pnu_"],
        r"{B}(pnu_[A-Za-z0-9]{36}){E}",
    ),
    t(
        "secrets.infracost-api-key",
        "Infracost API key",
        High,
        &["^ico-"],
        r"{B}(ico-[A-Za-z0-9]{32}){E}",
    ),
    t(
        "secrets.scalingo-api-token",
        "Scalingo API token",
        High,
        &["^tk-us-"],
        r"{B}(tk-us-[A-Za-z0-9_-]{48}){E}",
    ),
    t(
        "secrets.maxmind-license-key",
        "MaxMind license key",
        Medium,
        &["_mmk"],
        // Ends with its literal and checks its boundaries afterwards, so the regex engine can
        // search for `_mmk` first instead of for every `_`.
        r"([A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk)",
    )
    .check(token_bounded),
    t(
        "secrets.harness-api-key",
        "Harness API key",
        High,
        &["^pat.", "^sat."],
        r"{B}((?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}){E}",
    ),
    t(
        "secrets.airtable-pat",
        "Airtable personal access token",
        High,
        &["airtable"],
        r"{B}(pat[A-Za-z0-9]{14}\.[a-f0-9]{64}){E}",
    ),
    t(
        "secrets.clickhouse-cloud-api-secret",
        "ClickHouse Cloud API secret",
        High,
        &["^4b1d"],
        r"{B}(4b1d[A-Za-z0-9]{38}){E}",
    ),
    t(
        "secrets.settlemint-token",
        "SettleMint access token",
        High,
        &["^sm_aat_", "^sm_pat_", "^sm_sat_"],
        r"{B}(sm_(?:aat|pat|sat)_[A-Za-z0-9]{16}){E}",
    ),
    t(
        "secrets.adobe-client-secret",
        "Adobe client secret",
        High,
        &["^p8e-"],
        r"{B}(p8e-[A-Za-z0-9]{32}){E}",
    ),
    t(
        "secrets.octopus-deploy-api-key",
        "Octopus Deploy API key",
        Medium,
        &["^=API-"],
        r"{B}(API-[A-Z0-9]{26}){E}",
    ),
    t(
        "secrets.defined-networking-api-token",
        "Defined Networking API token",
        High,
        &["^dnkey-"],
        r"{B}(dnkey-[A-Za-z0-9=_-]{26}-[A-Za-z0-9=_-]{52}){E}",
    ),
    t(
        "secrets.twitter-bearer-token",
        "Twitter/X bearer token",
        High,
        &["aaaaaaaaaaaaaaaaaaaaaa"],
        r"{B}(A{22}[A-Za-z0-9%]{80,100}){E}",
    ),
    t(
        "secrets.facebook-access-token",
        "Facebook/Meta access token",
        High,
        &["^=EAAC", "^=EAAM"],
        r"{B}(EAA[MC][A-Za-z0-9]{100,}){E}",
    ),
    t(
        "secrets.mapbox-token",
        "Mapbox access token",
        Medium,
        &["^sk.eyj", "^pk.eyj"],
        r"{B}((?:sk|pk)\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{22}){E}",
    ),
    t(
        "secrets.sidekiq-credentials",
        "Sidekiq Pro/Enterprise credentials",
        High,
        &["contribsys"],
        r"(?i:BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM){A}([a-f0-9]{8}:[a-f0-9]{8}){E}|(?i:https?://)([a-f0-9]{8}:[a-f0-9]{8})@(?i:gems|enterprise)\.contribsys\.com",
    )
    .tier(Tier::Contextual),
    // ---- provider name next to a value ----
    ctx("secrets.adafruit-api-key", "Adafruit IO key", High, &["adafruit"], "adafruit", "[A-Za-z0-9_-]{32}"),
    ctx("secrets.algolia-api-key", "Algolia API key", High, &["algolia"], "algolia", "[A-Za-z0-9]{32}"),
    ctx(
        "secrets.asana-token",
        "Asana client id or secret",
        High,
        &["asana"],
        "asana",
        "[A-Za-z0-9]{32}|[0-9]{16}",
    ),
    ctx("secrets.beamer-api-token", "Beamer API token", High, &["beamer"], "beamer", "b_[A-Za-z0-9=_-]{44}"),
    ctx("secrets.codecov-token", "Codecov access token", High, &["codecov"], "codecov", "[A-Za-z0-9]{32}"),
    ctx(
        "secrets.confluent-key",
        "Confluent access or secret key",
        High,
        &["confluent"],
        "confluent",
        "[A-Za-z0-9]{64}|[A-Za-z0-9]{16}",
    ),
    ctx(
        "secrets.contentful-token",
        "Contentful delivery API token",
        High,
        &["contentful"],
        "contentful",
        "[A-Za-z0-9=_-]{43}",
    ),
    ctx("secrets.droneci-token", "Drone CI access token", High, &["droneci"], "droneci", "[A-Za-z0-9]{32}"),
    ctx(
        "secrets.dropbox-token",
        "Dropbox API token",
        High,
        &["dropbox"],
        "dropbox",
        r"sl\.[A-Za-z0-9=_-]{135}|[A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9=_-]{43}|[A-Za-z0-9]{15}",
    ),
    ctx("secrets.etsy-token", "Etsy access token", High, &["etsy"], "etsy", "[A-Za-z0-9]{24}"),
    ctx("secrets.facebook-app-secret", "Facebook app secret", High, &["facebook"], "facebook", "[a-f0-9]{32}"),
    ctx("secrets.fastly-api-token", "Fastly API token", High, &["fastly"], "fastly", "[A-Za-z0-9=_-]{32}"),
    ctx(
        "secrets.finicity-token",
        "Finicity API token or client secret",
        High,
        &["finicity"],
        "finicity",
        "[a-f0-9]{32}|[A-Za-z0-9]{20}",
    ),
    ctx("secrets.finnhub-token", "Finnhub access token", High, &["finnhub"], "finnhub", "[A-Za-z0-9]{20}"),
    ctx("secrets.flickr-token", "Flickr access token", High, &["flickr"], "flickr", "[A-Za-z0-9]{32}"),
    ctx(
        "secrets.freshbooks-token",
        "FreshBooks access token",
        High,
        &["freshbooks"],
        "freshbooks",
        "[A-Za-z0-9]{64}",
    ),
    ctx("secrets.gitter-token", "Gitter access token", High, &["gitter"], "gitter", "[A-Za-z0-9_-]{40}"),
    ctx("secrets.hubspot-api-key", "HubSpot API key", High, &["hubspot"], "hubspot", uuid!()),
    ctx("secrets.intercom-token", "Intercom access token", High, &["intercom"], "intercom", "[A-Za-z0-9=_-]{60}"),
    ctx(
        "secrets.launchdarkly-token",
        "LaunchDarkly access token",
        High,
        &["launchdarkly"],
        "launchdarkly",
        "[A-Za-z0-9=_-]{40}",
    ),
    ctx(
        "secrets.linkedin-client-secret",
        "LinkedIn client id or secret",
        High,
        &["linkedin", "linked_in", "linked-in"],
        "linked[_-]?in",
        "[A-Za-z0-9]{16}|[A-Za-z0-9]{14}",
    ),
    ctx(
        "secrets.lob-api-key",
        "Lob API key",
        High,
        &["lob"],
        r"(?-u:\b)lob",
        "(?:live|test)_pub_[a-f0-9]{31}|(?:live|test)_[a-f0-9]{35}",
    ),
    ctx(
        "secrets.looker-client-secret",
        "Looker client id or secret",
        High,
        &["looker"],
        "looker",
        "[A-Za-z0-9]{24}|[A-Za-z0-9]{20}",
    ),
    ctx("secrets.meraki-api-key", "Cisco Meraki API key", High, &["meraki"], "meraki", "[0-9a-f]{40}"),
    ctx("secrets.nytimes-token", "New York Times API token", Medium, &["nytimes", "newyorktimes"], "nytimes|newyorktimes", "[A-Za-z0-9=_-]{32}"),
    ctx("secrets.privateai-api-token", "Private AI API token", High, &["privateai", "private_ai", "private-ai"], "private[_-]?ai", "[A-Za-z0-9]{32}"),
    ctx("secrets.rapidapi-token", "RapidAPI access token", High, &["rapidapi"], "rapidapi", "[A-Za-z0-9_-]{50}"),
    ctx("secrets.snyk-api-token", "Snyk API token", High, &["snyk"], "snyk", uuid!()),
    ctx(
        "secrets.sonarqube-token",
        "SonarQube / SonarCloud token",
        High,
        &["sonar"],
        r"sonar[_.-]?(?:login|token)",
        "(?:squ_|sqp_|sqa_)?[A-Za-z0-9=_-]{40}",
    ),
    ctx("secrets.squarespace-token", "Squarespace access token", High, &["squarespace"], "squarespace", uuid!()),
    ctx(
        "secrets.sumologic-key",
        "Sumo Logic access id or key",
        High,
        &["sumo"],
        r"sumo(?:[_.-]?logic)?[_.-]?(?:access[_.-]?)?(?:id|key|token)",
        "su[A-Za-z0-9]{12}|[A-Za-z0-9]{64}",
    ),
    ctx("secrets.travisci-token", "Travis CI access token", High, &["travis"], "travis", "[A-Za-z0-9]{22}"),
    ctx("secrets.twitch-api-token", "Twitch API token", High, &["twitch"], "twitch", "[A-Za-z0-9]{30}"),
    ctx(
        "secrets.twitter-api-secret",
        "Twitter/X API key, secret or access token",
        High,
        &["twitter"],
        "twitter",
        "[0-9]{15,25}-[A-Za-z0-9]{20,40}|[A-Za-z0-9]{50}|[A-Za-z0-9]{45}|[A-Za-z0-9]{25}",
    ),
    ctx("secrets.typeform-token", "Typeform API token", High, &["typeform"], "typeform", r"tfp_[A-Za-z0-9_.=-]{59}"),
    ctx(
        "secrets.yandex-key",
        "Yandex Cloud key or token",
        High,
        &["yandex"],
        "yandex",
        r"t1\.[A-Za-z0-9_-]+=*\.[A-Za-z0-9_-]{86}=*|AQVN[A-Za-z0-9_-]{35,38}|YC[A-Za-z0-9_-]{38}",
    ),
    ctx("secrets.zendesk-secret", "Zendesk secret key", High, &["zendesk"], "zendesk", "[A-Za-z0-9]{40}"),
    // ---- structured credentials ----
    t(
        "secrets.jwt",
        "JSON Web Token",
        Medium,
        &["^eyj"],
        r"{B}(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.(?:[A-Za-z0-9_-]{10,})?){E}",
    ),
    t(
        "secrets.postgres-connection-string",
        "PostgreSQL connection string with a password",
        High,
        &["postgres"],
        url_password!(r"postgres(?:ql)?(?:\+[a-z0-9]+)?"),
    )
    .tier(Tier::Contextual)
    .check(url_password_ok),
    t(
        "secrets.mysql-connection-string",
        "MySQL/MariaDB connection string with a password",
        High,
        &["mysql", "mariadb"],
        url_password!(r"mysqlx?(?:\+[a-z0-9]+)?|mariadb(?:\+[a-z0-9]+)?"),
    )
    .tier(Tier::Contextual)
    .check(url_password_ok),
    t(
        "secrets.mongodb-connection-string",
        "MongoDB connection string with a password",
        High,
        &["mongodb"],
        url_password!(r"mongodb(?:\+srv)?"),
    )
    .tier(Tier::Contextual)
    .check(url_password_ok),
    t(
        "secrets.redis-connection-string",
        "Redis connection string with a password",
        High,
        &["redis"],
        url_password!("rediss?"),
    )
    .tier(Tier::Contextual)
    .check(url_password_ok),
    t(
        "secrets.amqp-connection-string",
        "AMQP (RabbitMQ) connection string with a password",
        High,
        &["amqp"],
        url_password!("amqps?"),
    )
    .tier(Tier::Contextual)
    .check(url_password_ok),
    t(
        "secrets.url-password",
        "Password in a URL",
        Medium,
        &["://"],
        url_password!(r"[a-z][a-z0-9+.-]{1,30}"),
    )
    .tier(Tier::Contextual)
    .check(url_password_ok),
    t(
        "secrets.authorization-header",
        "Credential in an Authorization header",
        High,
        &["authorization"],
        r#"(?i:authorization)["']?[ \t]*[:=][ \t]*["']?(?i:bearer|basic|token)[ \t]+([A-Za-z0-9_.~+/-]{16,}={0,2})"#,
    )
    .tier(Tier::Contextual)
    .check(high_entropy_value),
    t(
        "secrets.curl-user-password",
        "Password passed to curl -u",
        Medium,
        &["curl"],
        r#"{B}curl{B}[^\n]*?[ \t](?:-u|--user)(?:=|[ \t]+)["']?[^\s:'"]{1,64}:([^\s'"]{3,})"#,
    )
    .tier(Tier::Contextual)
    .check(credential_ok),
    t(
        "secrets.netrc-password",
        "Password in a .netrc entry",
        High,
        &["machine"],
        r"{B}machine[ \t]+\S+\s+login[ \t]+\S+\s+password[ \t]+(\S+)",
    )
    .tier(Tier::Contextual)
    .check(credential_ok),
    t(
        "secrets.docker-config-auth",
        "Registry credentials in a Docker config",
        High,
        &["\"auth\""],
        r#""auth"[ \t]*:[ \t]*"([A-Za-z0-9+/]{16,}={0,2})""#,
    )
    .tier(Tier::Contextual)
    .check(not_placeholder),
    t(
        "secrets.generic-secret",
        "Secret-looking value assigned to a password, secret, token or key",
        Medium,
        // Each keyword is where a name of the regex starts: the rule is verified by anchored
        // searches at the keyword hits (see `RuleSpec::anchored`).
        &[
            "passw", "passphrase", "pwd", "secret", "token", "credential", "apikey", "api_key",
            "api-key", "api.key", "accesskey", "access_key", "access-key", "access.key",
            "privatekey", "private_key", "private-key", "private.key", "authkey", "auth_key",
            "auth-key", "auth.key", "clientkey", "client_key", "client-key", "client.key",
            "signingkey", "signing_key", "signing-key", "signing.key", "encryptionkey",
            "encryption_key", "encryption-key", "encryption.key", "masterkey", "master_key",
            "master-key", "master.key",
        ],
        concat!(
            r"(?i:passw(?:or)?d|passphrase|pwd|secret|token|credentials?|",
            r"(?:api|access|private|auth|client|signing|encryption|master)[_.-]?key)",
            r#"(?:[_.-][A-Za-z0-9]{1,20}){0,3}["'`]?[ \t]{0,3}(?:=|:=|:|=>|\?=)[ \t]{0,3}["'`]?"#,
            r"([A-Za-z0-9][A-Za-z0-9_+/=.~!@#%^&*-]{7,127})(?:[^A-Za-z0-9_+/=.~!@#%^&*-]|\z)"
        ),
    )
    .tier(Tier::Generic)
    .anchored()
    .check(high_entropy_value),
];

// ---- value checks ----

/// Shannon entropy of the bytes of `s`, in bits per byte.
pub(super) fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    for &b in s.as_bytes() {
        counts[usize::from(b)] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Words that mark a value as a stand-in, not a real secret.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "changeme",
    "change_me",
    "change-me",
    "placeholder",
    "your_",
    "your-",
    "yourpass",
    "yourtoken",
    "yourkey",
    "redacted",
    "xxxx",
    "****",
    "dummy",
    "sample",
    "insert",
    "replace",
    "<",
    ">",
    "${",
    "{{",
    "%s",
    "todo",
];

pub(super) fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    matches!(
        value.as_bytes().first(),
        Some(b'$' | b'%' | b'{' | b'<' | b'*')
    ) || value.bytes().all(|b| b == value.as_bytes()[0])
}

fn not_placeholder(m: &Matched<'_>) -> bool {
    !is_placeholder(m.secret_str())
}

/// The Azure secret regex has no boundaries of its own (see the rule): they are checked here.
fn azure_secret_bounded(m: &Matched<'_>) -> bool {
    let inside = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'~' | b'.' | b'-');
    !m.byte_before().is_some_and(inside) && !m.byte_after().is_some_and(inside)
}

/// Neither the byte before nor the byte after the secret continues a token (`[A-Za-z0-9_-]`), for
/// rules that leave their boundaries out of the regex.
fn token_bounded(m: &Matched<'_>) -> bool {
    let inside = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    !m.byte_before().is_some_and(inside) && !m.byte_after().is_some_and(inside)
}

/// A Telegram bot id is not the tail of a longer number.
fn telegram_bounded(m: &Matched<'_>) -> bool {
    !m.byte_before().is_some_and(|b| b.is_ascii_digit())
}

/// AWS publishes example credentials ending in `EXAMPLE`/`EXAMPLEKEY`; they are not secrets.
fn not_documentation_example(m: &Matched<'_>) -> bool {
    !m.secret_str().contains("EXAMPLE")
}

/// The generic rules' gate: [`is_high_entropy`], and the value is not code or a name: not
/// followed by a call's `(`, not a member-access chain (`utils_1.ESLintUtils.nullThrows`), not
/// lower-case words and numbers (`scram-sha-256`).
pub(super) fn high_entropy_value(m: &Matched<'_>) -> bool {
    let secret = m.secret_str();
    let is_identifier = |seg: &str| {
        seg.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'$')
            && seg
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
    };
    let member_chain = secret.contains('.') && secret.split('.').all(is_identifier);
    // `scram-sha-256`, `aes_256_gcm`: lower-case words and numbers are names, not secrets.
    let word_list = secret.contains(['-', '_'])
        && secret.split(['-', '_']).all(|seg| {
            !seg.is_empty()
                && (seg.bytes().all(|b| b.is_ascii_lowercase())
                    || seg.bytes().all(|b| b.is_ascii_digit()))
        });
    is_high_entropy(secret) && !member_chain && !word_list && !m.whole_str().ends_with('(')
}

/// At least 8 bytes, a letter and a digit, at least 3 bits of entropy per byte, and no placeholder
/// or self-describing words (`secret%3Dpassword`, `mytoken123`). Identifiers (`getPassword`) and
/// plain numbers fail it.
pub(super) fn is_high_entropy(secret: &str) -> bool {
    let lower = secret.to_ascii_lowercase();
    secret.len() >= 8
        && secret.bytes().any(|b| b.is_ascii_alphabetic())
        && secret.bytes().any(|b| b.is_ascii_digit())
        && !is_placeholder(secret)
        && !["password", "secret", "token"]
            .iter()
            .any(|w| lower.contains(w))
        && entropy(secret) >= 3.0
}

/// Stand-ins people write in documentation where a password goes.
const DEFAULT_PASSWORDS: &[&str] = &[
    "password", "pass", "passwd", "pwd", "secret", "root", "admin", "guest", "test", "user",
    "username", "qwerty", "letmein", "hunter2", "123456", "12345678", "default", "changeit",
];

/// A password (netrc, `curl -u`) that is neither a placeholder nor a documentation default.
fn credential_ok(m: &Matched<'_>) -> bool {
    let secret = m.secret_str();
    secret.len() >= 4
        && !is_placeholder(secret)
        && !DEFAULT_PASSWORDS
            .iter()
            .any(|d| secret.eq_ignore_ascii_case(d))
}

/// Passwords in URLs that are documentation defaults (`user:password@`, `postgres:postgres@`,
/// `guest:guest@`) or template variables are not reported.
/// Passwords in URLs that are documentation defaults (`user:password@`, `postgres:postgres@`,
/// `guest:guest@`), template variables, or in URLs on the documentation domains (`example.com`,
/// RFC 2606) are not reported.
fn url_password_ok(m: &Matched<'_>) -> bool {
    let (whole, secret) = (m.whole_str(), m.secret_str());
    if !credential_ok(m) {
        return false;
    }
    let Some(userinfo) = whole.find("://").map(|i| &whole[i + 3..]) else {
        return false;
    };
    let user = userinfo.split(':').next().unwrap_or("");
    let host = userinfo
        .rsplit('@')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    !secret.eq_ignore_ascii_case(user)
        && !host.starts_with("example.")
        && !host.contains(".example.")
        && !host.ends_with(".example")
}
