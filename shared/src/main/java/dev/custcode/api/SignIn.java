package dev.custcode.api;

import java.util.function.Function;

/**
 * Where the web page sends people to sign in: an OpenID Connect provider's authorization code
 * flow with PKCE (a public client, no secret), as a Cognito user pool's hosted sign-in offers it.
 * The page asks {@code GET /ui/sign-in.json} for it; without it (the default, and locally unless
 * {@code --oidc-issuer} is given) the page has no sign-in button and calls the API as it is.
 *
 * @param authorizeUrl the provider's authorization endpoint
 * @param tokenUrl     its token endpoint (the page exchanges the code there, from the browser)
 * @param logoutUrl    where signing out ends the provider's session, or empty
 * @param clientId     the page's client id (the JWT authorizer's audience)
 * @param redirectUrl  the page's own address as registered with the provider
 */
public record SignIn(String authorizeUrl, String tokenUrl, String logoutUrl, String clientId, String redirectUrl) {
    /** The environment variables that configure it (set by the template, or by the local runtime). */
    public static final String AUTHORIZE_URL = "SIGN_IN_AUTHORIZE_URL";
    public static final String TOKEN_URL = "SIGN_IN_TOKEN_URL";
    public static final String LOGOUT_URL = "SIGN_IN_LOGOUT_URL";
    public static final String CLIENT_ID = "SIGN_IN_CLIENT_ID";
    public static final String REDIRECT_URL = "SIGN_IN_REDIRECT_URL";

    /** @return the sign-in the environment names, or null when it names none (a client id is what turns it on) */
    public static SignIn from(Function<String, String> environment) {
        String clientId = value(environment, CLIENT_ID);
        if (clientId.isEmpty()) {
            return null;
        }
        SignIn s = new SignIn(value(environment, AUTHORIZE_URL), value(environment, TOKEN_URL), value(environment, LOGOUT_URL),
                clientId, value(environment, REDIRECT_URL));
        if (s.authorizeUrl().isEmpty() || s.tokenUrl().isEmpty() || s.redirectUrl().isEmpty()) {
            throw new IllegalStateException(CLIENT_ID + " is set but " + AUTHORIZE_URL + ", " + TOKEN_URL + " or " + REDIRECT_URL + " is not");
        }
        return s;
    }

    private static String value(Function<String, String> environment, String name) {
        String v = environment.apply(name);
        return v == null ? "" : v.trim();
    }
}
