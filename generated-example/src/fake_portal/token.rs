//! Signing in: the OAuth token endpoint (password and refresh grants, form
//! bodies, `snake_case` answers) and the short-lived link tokens.

use serde_json::{Value, json};

use super::{Caller, PortalState, RefreshToken, Reply, UNAUTHORIZED, confirmed, serve};
use crate::portal_server::TokenGrant;

/// About seven days, as the admin docs' example says (604799).
const EXPIRES_IN: i64 = 604_799;

/// A 400 as the token endpoint sends it: `snake_case`.
fn oauth_error(error: &str, description: &str) -> Reply {
    Err((400, json!({ "error": error, "error_description": description })))
}

pub(super) fn grant(state: &mut PortalState, request: &serve::token::Grant) -> Reply {
    let incorrect = || oauth_error("invalid_grant", "The user name or password is incorrect.");
    match &request.body {
        TokenGrant::Password(grant) => {
            let Some(account) = state.accounts.iter().position(|account| {
                account.email.eq_ignore_ascii_case(&grant.username) && account.password == grant.password
            }) else {
                return incorrect();
            };
            if let Some(expected) = state.accounts.get(account).and_then(|account| account.totp)
                && grant.totp.as_deref() != Some(expected)
            {
                return oauth_error("two_factor_auth_check", "Enter the code from your authenticator app.");
            }
            // The client id defaults to the email address ([DOC]).
            issue(state, account, grant.client_id.clone().unwrap_or_else(|| grant.username.clone()))
        }
        TokenGrant::RefreshToken(grant) => {
            let tokens = &state.refresh_tokens;
            let Some(position) = tokens.iter().position(|known| known.token == grant.refresh_token) else {
                return oauth_error("invalid_grant", "The refresh token is invalid or was used already.");
            };
            if tokens.get(position).map(|issued| &issued.client_id) != request.client_id.as_ref() {
                return oauth_error("invalid_grant", "The refresh token was issued to another client.");
            }
            // The old refresh token is invalidated ([DOC]).
            let issued = state.refresh_tokens.remove(position);
            issue(state, issued.account, issued.client_id)
        }
        TokenGrant::Unknown(_) => oauth_error("unsupported_grant_type", "The grant type is not supported."),
    }
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
