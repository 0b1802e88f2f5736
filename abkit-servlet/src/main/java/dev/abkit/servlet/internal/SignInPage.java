package dev.abkit.servlet.internal;

import dev.abkit.analysis.ResultsPage;

/**
 * The results page's sign-in form: one password field for the results token, posted back to the
 * page itself. No script, no external resource; the strict CSP that serves it allows inline styles
 * only.
 */
public final class SignInPage {
  /** The form field that carries the token. */
  public static final String TOKEN_FIELD = "token";

  /** The form field that asks to sign out. */
  public static final String SIGN_OUT_FIELD = ResultsPage.SIGN_OUT_FIELD;

  /** The CSP for the abkit pages: nothing external, no script, inline styles and data images. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";

  private static final String STYLE =
      "body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d2430;background:#f5f6f8}"
          + "main{max-width:24rem;margin:15vh auto;padding:1.5rem;background:#fff;"
          + "border:1px solid #d5d9e0;border-radius:8px}"
          + "h1{font-size:1.25rem;margin:0 0 1rem}label{display:block;margin-bottom:.25rem}"
          + "input{box-sizing:border-box;width:100%;font:inherit;padding:.5rem;"
          + "border:1px solid #8a94a6;border-radius:4px}"
          + "button{margin-top:1rem;font:inherit;padding:.5rem 1rem;border:0;border-radius:4px;"
          + "background:#1f5fbf;color:#fff;cursor:pointer}"
          + "p.error{color:#a1131b;margin:0 0 1rem}";

  private SignInPage() {}

  /** The form, with {@code error} (plain text, escaped here) above it when not {@code null}. */
  public static String html(String action, String error) {
    StringBuilder h =
        new StringBuilder(1600)
            .append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .append("<title>abkit results: sign in</title><style>")
            .append(STYLE)
            .append("</style></head><body><main><h1>Experiment results</h1>");
    if (error != null) {
      h.append("<p class=\"error\" role=\"alert\">").append(escape(error)).append("</p>");
    }
    return h.append("<form method=\"post\" action=\"")
        .append(escape(action))
        .append("\"><label for=\"token\">Results token</label>")
        .append("<input id=\"token\" name=\"")
        .append(TOKEN_FIELD)
        .append("\" type=\"password\" autocomplete=\"current-password\" required autofocus>")
        .append("<button type=\"submit\">Sign in</button></form></main></body></html>\n")
        .toString();
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
