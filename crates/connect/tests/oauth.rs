//! Signing in with OAuth 2 + PKCE through a loopback redirect, end to end: the
//! test plays the agent's browser (following the redirect to 127.0.0.1) and the
//! helpdesk's token endpoint (a loopback server that checks the verifier against
//! the challenge it was shown, as a real authorization server does).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use countersign_connect::oauth::{challenge, Client, OAuthError, SignIn};
use countersign_testkit::loopback::{Loopback, Reply, Request};
use reqwest::Url;
use serde_json::json;

/// The forms the token endpoint received, each as its name=value pairs.
type Forms = Arc<Mutex<Vec<Vec<(String, String)>>>>;

/// The helpdesk: issues tokens only for the verifier behind the challenge it saw.
fn token_server(seen_challenge: Arc<Mutex<String>>, forms: Forms) -> Loopback {
    Loopback::start(Arc::new(move |request: &Request| {
        let form = request.form_pairs();
        forms.lock().unwrap().push(form.clone());
        let get = |name: &str| {
            form.iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        };
        let expected = seen_challenge.lock().unwrap().clone();
        let proven = get("code_verifier").is_some_and(|verifier| challenge(&verifier) == expected);
        if request.path != "/oauth/tokens"
            || get("grant_type").as_deref() != Some("authorization_code")
        {
            return Reply::json(400, json!({ "error": "unsupported_grant_type" }));
        }
        if !proven || get("code").as_deref() != Some("the-code") {
            return Reply::json(
                400,
                json!({ "error": "invalid_grant", "error_description": "The provided authorization grant is invalid" }),
            );
        }
        Reply::json(
            200,
            json!({ "access_token": "zd-access-s3cr3t", "token_type": "bearer", "scope": "read write", "refresh_token": "zd-refresh-s3cr3t", "expires_in": 172800 }),
        )
    }))
}

/// The browser: follows a redirect to the desk's loopback address.
fn browse(url: &str) -> String {
    let url = Url::parse(url).unwrap();
    let mut stream = TcpStream::connect((url.host_str().unwrap(), url.port().unwrap())).unwrap();
    let target = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

fn pair(url: &Url, name: &str) -> String {
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .unwrap()
}

struct Setup {
    sign_in: SignIn,
    authorize: Url,
    forms: Forms,
    _server: Loopback,
}

fn setup() -> Setup {
    let seen = Arc::new(Mutex::new(String::new()));
    let forms = Arc::new(Mutex::new(Vec::new()));
    let server = token_server(Arc::clone(&seen), Arc::clone(&forms));
    let client = Client::zendesk(&server.base_url(), "countersign_desk").unwrap();
    let sign_in = SignIn::begin(client).unwrap();
    let authorize = sign_in.authorize_url();
    *seen.lock().unwrap() = pair(&authorize, "code_challenge");
    Setup {
        sign_in,
        authorize,
        forms,
        _server: server,
    }
}

#[test]
fn the_agent_signs_in_and_the_verifier_proves_the_challenge() {
    let setup = setup();
    let authorize = &setup.authorize;
    assert_eq!(authorize.path(), "/oauth/authorizations/new");
    assert_eq!(pair(authorize, "response_type"), "code");
    assert_eq!(pair(authorize, "code_challenge_method"), "S256");
    assert_eq!(pair(authorize, "client_id"), "countersign_desk");
    assert_eq!(pair(authorize, "scope"), "read write");
    let redirect = pair(authorize, "redirect_uri");
    assert!(redirect.starts_with("http://127.0.0.1:") && redirect.ends_with("/callback"));
    assert_eq!(redirect, setup.sign_in.redirect_uri());

    let state = pair(authorize, "state");
    let browser =
        std::thread::spawn(move || browse(&format!("{redirect}?code=the-code&state={state}")));
    let code = setup.sign_in.wait_for_code(Duration::from_secs(5)).unwrap();
    assert_eq!(code, "the-code");
    assert!(browser
        .join()
        .unwrap()
        .contains("You can close this window"));

    let tokens = setup
        .sign_in
        .exchange(&code, None, Duration::from_secs(5))
        .unwrap();
    assert_eq!(tokens.access_token, "zd-access-s3cr3t");
    assert_eq!(tokens.expires_in, Some(172_800));
    let shown = format!("{tokens:?} {:?}", setup.sign_in);
    assert!(!shown.contains("s3cr3t"), "{shown}");
    let forms = setup.forms.lock().unwrap();
    let sent = &forms[0];
    assert!(sent.contains(&(
        "redirect_uri".to_owned(),
        setup.sign_in.redirect_uri().to_owned()
    )));
    assert!(
        !sent.iter().any(|(key, _)| key == "client_secret"),
        "a desktop app sends no secret"
    );
}

#[test]
fn a_stray_request_is_ignored_and_the_redirect_still_counts() {
    let setup = setup();
    let redirect = pair(&setup.authorize, "redirect_uri");
    let state = pair(&setup.authorize, "state");
    let browser = std::thread::spawn(move || {
        let favicon = browse(&redirect.replace("/callback", "/favicon.ico"));
        let answer = browse(&format!("{redirect}?code=the-code&state={state}"));
        (favicon, answer)
    });
    assert_eq!(
        setup.sign_in.wait_for_code(Duration::from_secs(5)).unwrap(),
        "the-code"
    );
    let (favicon, _) = browser.join().unwrap();
    assert!(favicon.starts_with("HTTP/1.1 404"));
}

#[test]
fn a_forged_state_a_refusal_and_silence_are_told_apart() {
    let forged = setup();
    let redirect = pair(&forged.authorize, "redirect_uri");
    let browser =
        std::thread::spawn(move || browse(&format!("{redirect}?code=the-code&state=forged")));
    assert_eq!(
        forged.sign_in.wait_for_code(Duration::from_secs(5)),
        Err(OAuthError::StateMismatch)
    );
    assert!(browser.join().unwrap().contains("could not sign in"));

    let declined = setup();
    let redirect = pair(&declined.authorize, "redirect_uri");
    let state = pair(&declined.authorize, "state");
    std::thread::spawn(move || {
        browse(&format!("{redirect}?error=access_denied&error_description=The+end-user+denied+the+request&state={state}"))
    });
    assert_eq!(
        declined.sign_in.wait_for_code(Duration::from_secs(5)),
        Err(OAuthError::Declined(
            "The end-user denied the request".to_owned()
        ))
    );

    let silent = setup();
    assert_eq!(
        silent.sign_in.wait_for_code(Duration::from_millis(200)),
        Err(OAuthError::TimedOut(0))
    );
}

#[test]
fn a_code_without_the_verifier_gets_no_token() {
    let setup = setup();
    let error = setup
        .sign_in
        .exchange("a-stolen-code", None, Duration::from_secs(5))
        .unwrap_err();
    assert_eq!(
        error,
        OAuthError::Token("The provided authorization grant is invalid".to_owned())
    );
}
