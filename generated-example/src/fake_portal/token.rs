//! Signing in: the OAuth token endpoint (password and refresh grants, form
//! bodies, `snake_case` answers) and the short-lived link tokens.

use serde_json::{Value, json};

use super::{Caller, PortalState, RefreshToken, Reply, UNAUTHORIZED, as_json, confirmed, serve};

/// About seven days, as the admin docs' example says (604799).
const EXPIRES_IN: i64 = 604_799;

/// A 400 as the token endpoint sends it: `snake_case`.
fn oauth_error(error: &str, description: &str) -> Reply {
    Err((400, json!({ "error": error, "error_description": description })))
}

pub(super) fn grant(state: &mut PortalState, request: &serve::token::Grant) -> Reply {
    let form = as_json(&request.body);
    let field = |name: &str| form.get(name).and_then(Value::as_str);
    match field("grant_type") {
        Some("password") => {
            password_grant(state, field("username"), field("password"), field("totp"), field("client_id"))
        }
        Some("refresh_token") => refresh_grant(state, field("refresh_token"), request.client_id.as_deref()),
        _ => oauth_error("unsupported_grant_type", "The grant type is not supported; send a form body."),
    }
}

fn password_grant(
    state: &mut PortalState,
    username: Option<&str>,
    password: Option<&str>,
    totp: Option<&str>,
    client_id: Option<&str>,
) -> Reply {
    let (Some(username), Some(password)) = (username, password) else {
        return oauth_error("invalid_grant", "The user name or password is incorrect.");
    };
    let Some(account) = state
        .accounts
        .iter()
        .position(|account| account.email.eq_ignore_ascii_case(username) && account.password == password)
    else {
        return oauth_error("invalid_grant", "The user name or password is incorrect.");
    };
    let expected_totp = state.accounts.get(account).and_then(|account| account.totp);
    if let Some(expected) = expected_totp
        && totp != Some(expected)
    {
        return oauth_error("two_factor_auth_check", "Enter the code from your authenticator app.");
    }
    // The client id defaults to the email address ([DOC]).
    let client_id = client_id.unwrap_or(username).to_owned();
    issue(state, account, client_id)
}

fn refresh_grant(state: &mut PortalState, refresh_token: Option<&str>, client_id: Option<&str>) -> Reply {
    let Some(refresh_token) = refresh_token else {
        return oauth_error("invalid_grant", "The refresh token is missing.");
    };
    let Some(position) = state.refresh_tokens.iter().position(|known| known.token == refresh_token) else {
        return oauth_error("invalid_grant", "The refresh token is invalid or was used already.");
    };
    if state.refresh_tokens.get(position).map(|issued| issued.client_id.as_str()) != client_id {
        return oauth_error("invalid_grant", "The refresh token was issued to another client.");
    }
    // The old refresh token is invalidated ([DOC]).
    let issued = state.refresh_tokens.remove(position);
    issue(state, issued.account, issued.client_id)
}

/// New access and refresh tokens for an account.
fn issue(state: &mut PortalState, account: usize, client_id: String) -> Reply {
    let number = state.next();
    let access_token = format!("portal-at-{number:04}-{:08x}", number.unsigned_abs().wrapping_mul(0x9e37_79b9));
    let refresh_token = format!("portal-rt-{number:04}-{:08x}", number.unsigned_abs().wrapping_mul(0x85eb_ca6b));
    let Some(holder) = state.accounts.get_mut(account) else { return Err(UNAUTHORIZED) };
    holder.access_tokens.push(access_token.clone());
    state.refresh_tokens.push(RefreshToken { token: refresh_token.clone(), client_id, account });
    Ok(json!({
        "access_token": access_token,
        "token_type": "bearer",
        "expires_in": EXPIRES_IN,
        "refresh_token": refresh_token,
    }))
}

/// `POST /api/sys/users/token/refresh`: an opaque token for `?t=` links.
pub(super) fn link_token(state: &mut PortalState, caller: Caller) -> Reply {
    let number = state.next();
    let token = format!("lnk{number:04}{:012x}", number.unsigned_abs().wrapping_mul(0x2545_f491_4f6c_dd1d));
    state.link_tokens.push((token.clone(), caller.account));
    confirmed(Value::String(token))
}
