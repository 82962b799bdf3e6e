//! A notice to a group robot: one HTTP POST of JSON to a WeCom (企业微信) or DingTalk (钉钉)
//! webhook, bounded by a timeout, its result classified like an SMTP send so the outbox can
//! record it (`Transient`: try again later; `Permanent`: a person must act).
//!
//! - **Body** (both robots): `{"msgtype":"text","text":{"content":"<subject>\n<body>"}}`.
//!   WeCom takes at most 2048 bytes of content: a longer text is cut at a character boundary
//!   with "…" (the outbox item keeps the whole text). DingTalk takes 20,000.
//! - **DingTalk signing** (加签): with a secret, `&timestamp=<ms>&sign=<urlencoded
//!   base64(HMAC-SHA256(secret, "<ms>\n<secret>"))>` is appended to the URL ([`sign`]).
//! - **Success** = HTTP 200 and JSON `errcode == 0`.
//! - **Failures**: timeouts, connection errors, HTTP 429 and 5xx → transient; other 4xx, 3xx (no
//!   redirect is followed), a reply that is not the robot's JSON → permanent; `errcode != 0` →
//!   permanent with the robot's `errmsg`, except the robots' "busy / too many messages" codes
//!   (WeCom -1 and 45009, DingTalk -1 and 130101), which are transient.
//! - **Nothing secret in a message**: the URL's token and signature never appear in an error or
//!   a reply (reqwest's errors are stripped of their URL; the host is named instead).
//!
//! TLS is rustls with the ring provider and the platform's verifier, as for SMTP and IMAP.

use base64::Engine;
use ehs_ledger::notify::WebhookKind;
use hmac::{KeyInit, Mac};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Duration;

/// WeCom's limit on a text message's content, in bytes.
pub const WECOM_MAX_CONTENT: usize = 2048;
/// DingTalk's limit on a text message's content, in bytes.
pub const DINGTALK_MAX_CONTENT: usize = 20_000;

/// Where and how to post.
#[derive(Clone)]
pub struct WebhookConfig {
    pub kind: WebhookKind,
    /// The robot's URL with its token.
    pub url: String,
    /// DingTalk's signing secret (never in a log or message).
    pub secret: Option<String>,
    /// Bounds the whole request (connect, send, reply).
    pub timeout: Duration,
}

impl std::fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookConfig")
            .field("kind", &self.kind)
            .field("host", &host_of(&self.url))
            .field("secret", &self.secret.as_ref().map(|_| "…"))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Whether a failure is worth trying again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    Transient,
    Permanent,
}

/// A failed post: its class and a message naming the robot's host, never its token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct WebhookError {
    pub failure: Failure,
    pub message: String,
}

impl WebhookError {
    fn new(failure: Failure, message: String) -> Self {
        WebhookError { failure, message }
    }

    pub fn is_permanent(&self) -> bool {
        self.failure == Failure::Permanent
    }
}

/// The keyring account of a DingTalk robot's secret: `dingtalk:` + the first 16 hex digits of
/// SHA-256 of its URL (a new robot asks for its own secret; the token stays out of the keyring's
/// account list).
pub fn secret_account(url: &str) -> String {
    let h = Sha256::digest(url.as_bytes());
    let hex: String = h.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("dingtalk:{hex}")
}

/// The message text: subject, newline, body — cut to what the robot takes.
pub fn content(kind: WebhookKind, subject: &str, body: &str) -> String {
    let text = if body.trim().is_empty() { subject.to_string() } else { format!("{subject}\n{body}") };
    let max = if kind == WebhookKind::Wecom { WECOM_MAX_CONTENT } else { DINGTALK_MAX_CONTENT };
    cut(&text, max)
}

fn cut(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let ellipsis = "…";
    let mut end = max - ellipsis.len();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{ellipsis}", &text[..end])
}

/// The JSON body both robots take for a text message.
pub fn body(content: &str) -> serde_json::Value {
    serde_json::json!({ "msgtype": "text", "text": { "content": content } })
}

/// DingTalk's signature: base64(HMAC-SHA256(key = secret, "<timestamp_ms>\n<secret>")) (not yet
/// URL-encoded).
pub fn sign(secret: &str, timestamp_ms: i64) -> Result<String, WebhookError> {
    // HMAC takes a key of any length; the error is for the type's sake.
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|_| WebhookError::new(Failure::Permanent, "the DingTalk secret cannot key an HMAC".into()))?;
    mac.update(format!("{timestamp_ms}\n{secret}").as_bytes());
    Ok(base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
}

/// The URL to post to: as configured, plus DingTalk's `timestamp` and `sign` when it has a secret.
pub fn target_url(cfg: &WebhookConfig, timestamp_ms: i64) -> Result<reqwest::Url, WebhookError> {
    let mut url = reqwest::Url::parse(&cfg.url).map_err(|e| {
        WebhookError::new(Failure::Permanent, format!("notify_webhook_url is not a URL ({e}): correct it, then retry"))
    })?;
    if let (WebhookKind::Dingtalk, Some(secret)) = (cfg.kind, &cfg.secret) {
        url.query_pairs_mut()
            .append_pair("timestamp", &timestamp_ms.to_string())
            .append_pair("sign", &sign(secret, timestamp_ms)?);
    }
    Ok(url)
}

fn host_of(url: &str) -> String {
    reqwest::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_else(|| "?".into())
}

/// A client for one drain: rustls (ring, platform verifier), no redirects, every request bounded
/// by `timeout`.
pub fn client(timeout: Duration) -> Result<reqwest::Client, WebhookError> {
    let local = |e: String| WebhookError::new(Failure::Permanent, format!("HTTP client: {e}"));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| local(e.to_string()))?;
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| local(e.to_string()))?
        .dangerous() // a custom verifier that verifies: the platform's, not "accept any cert"
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeout)
        .timeout(timeout)
        .build()
        .map_err(|e| local(e.without_url().to_string()))
}

#[derive(Deserialize)]
struct Reply {
    errcode: Option<i64>,
    #[serde(default)]
    errmsg: String,
}

/// The robots' "busy / too many messages" codes: worth trying again later.
fn busy(kind: WebhookKind, errcode: i64) -> bool {
    match kind {
        WebhookKind::Wecom => matches!(errcode, -1 | 45009),
        WebhookKind::Dingtalk => matches!(errcode, -1 | 130101),
        WebhookKind::None => false,
    }
}

/// Classifies the robot's answer (pure): `Ok(reply)` on HTTP 200 with `errcode` 0.
pub fn classify(kind: WebhookKind, host: &str, status: u16, body: &str) -> Result<String, WebhookError> {
    let shown = |s: &str| ehs_ledger::text::shown(s.trim());
    if status == 429 || (500..600).contains(&status) {
        return Err(WebhookError::new(
            Failure::Transient,
            format!("{kind} robot at {host} answered HTTP {status}: {}", shown(body)),
        ));
    }
    if status != 200 {
        return Err(WebhookError::new(
            Failure::Permanent,
            format!("{kind} robot at {host} answered HTTP {status}: {} (check notify_webhook_url)", shown(body)),
        ));
    }
    let reply: Reply = serde_json::from_str(body).map_err(|_| {
        WebhookError::new(
            Failure::Permanent,
            format!("{kind} robot at {host} answered HTTP 200 without the robot's JSON: {}", shown(body)),
        )
    })?;
    match reply.errcode {
        Some(0) => Ok(format!("HTTP 200 errcode 0 {}", reply.errmsg).trim_end().to_string()),
        Some(code) => Err(WebhookError::new(
            if busy(kind, code) { Failure::Transient } else { Failure::Permanent },
            format!("{kind} robot at {host} refused the message: errcode {code}: {}", shown(&reply.errmsg)),
        )),
        None => Err(WebhookError::new(
            Failure::Permanent,
            format!("{kind} robot at {host} answered without an errcode: {}", shown(body)),
        )),
    }
}

/// Posts one text message; `timestamp_ms` signs a DingTalk request. The whole request (connect,
/// send, reply) is bounded by `cfg.timeout` (reqwest's timeout, and a tokio timeout around it).
pub async fn post(
    client: &reqwest::Client,
    cfg: &WebhookConfig,
    content: &str,
    timestamp_ms: i64,
) -> Result<String, WebhookError> {
    let host = host_of(&cfg.url);
    let url = target_url(cfg, timestamp_ms)?;
    let send = async {
        let resp = client.post(url).timeout(cfg.timeout).json(&body(content)).send().await?;
        let status = resp.status().as_u16();
        let text = resp.text().await?;
        Ok::<_, reqwest::Error>((status, text))
    };
    let timed_out = || {
        WebhookError::new(
            Failure::Transient,
            format!("{} robot at {host} did not finish within {} s", cfg.kind, cfg.timeout.as_secs()),
        )
    };
    match tokio::time::timeout(cfg.timeout + Duration::from_secs(1), send).await {
        Err(_) => Err(timed_out()),
        Ok(Err(e)) if e.is_timeout() => Err(timed_out()),
        Ok(Err(e)) => {
            let e = e.without_url();
            let failure = if e.is_builder() || e.is_request() && !e.is_connect() && !e.is_body() {
                Failure::Permanent
            } else {
                Failure::Transient
            };
            Err(WebhookError::new(failure, format!("{} robot at {host}: {}", cfg.kind, chain(&e))))
        }
        Ok(Ok((status, text))) => classify(cfg.kind, &host, status, &text),
    }
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        let t = s.to_string();
        if !out.contains(&t) {
            out.push_str(": ");
            out.push_str(&t);
        }
        src = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards DingTalk's documented example shape: base64 of a 32-byte HMAC, URL-encoded in the query.
    #[test]
    fn dingtalk_signature_is_base64_hmac_sha256_of_timestamp_newline_secret() {
        let s = sign("SEC000000000000000000000", 1_577_000_000_000).unwrap();
        assert_eq!(base64::engine::general_purpose::STANDARD.decode(&s).unwrap().len(), 32);
        let cfg = WebhookConfig {
            kind: WebhookKind::Dingtalk,
            url: "https://oapi.dingtalk.com/robot/send?access_token=T".into(),
            secret: Some("SEC000000000000000000000".into()),
            timeout: Duration::from_secs(5),
        };
        let url = target_url(&cfg, 1_577_000_000_000).unwrap();
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(pairs[0], ("access_token".into(), "T".into()));
        assert_eq!(pairs[1], ("timestamp".into(), "1577000000000".into()));
        assert_eq!(pairs[2], ("sign".into(), s));
        assert!(!url.as_str().contains('+') || url.as_str().contains("%2B"));
    }

    #[test]
    fn answers_are_classified() {
        let k = WebhookKind::Wecom;
        assert!(classify(k, "h", 200, r#"{"errcode":0,"errmsg":"ok"}"#).is_ok());
        let e = classify(k, "h", 200, r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#).unwrap_err();
        assert!(e.is_permanent() && e.message.contains("invalid webhook url"), "{e}");
        assert!(!classify(k, "h", 200, r#"{"errcode":45009,"errmsg":"freq"}"#).unwrap_err().is_permanent());
        assert!(!classify(k, "h", 500, "oops").unwrap_err().is_permanent());
        assert!(!classify(k, "h", 429, "").unwrap_err().is_permanent());
        assert!(classify(k, "h", 404, "").unwrap_err().is_permanent());
        assert!(classify(k, "h", 302, "").unwrap_err().is_permanent());
        assert!(classify(k, "h", 200, "<html>").unwrap_err().is_permanent());
    }

    #[test]
    fn wecom_content_is_cut_at_a_character_boundary() {
        let long = "隐".repeat(1000);
        let c = content(WebhookKind::Wecom, "S", &long);
        assert!(c.len() <= WECOM_MAX_CONTENT && c.ends_with('…') && c.starts_with("S\n隐"));
        assert_eq!(content(WebhookKind::Dingtalk, "S", "b"), "S\nb");
        assert_eq!(content(WebhookKind::Dingtalk, "S", ""), "S");
    }
}
