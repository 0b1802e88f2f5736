package dev.abkit.servlet.internal;

import dev.abkit.Unit;
import dev.abkit.servlet.UnitResolver;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Duration;

/**
 * The default {@link UnitResolver}: the authenticated principal's name (when asked to and present),
 * else the {@code abkit_vid} visitor cookie, issuing a fresh one when it is missing or malformed.
 *
 * <p>A malformed cookie value is never used and never written back: the response gets a new id. The
 * new cookie is HttpOnly, SameSite=Lax, Path=/, long-lived, and Secure when the request came over
 * HTTPS. It is written as a raw {@code Set-Cookie} header because {@code SameSite} has no portable
 * setter before Servlet 6 and containers differ in how they render cookie attributes.
 *
 * <p>Thread-safe.
 */
public final class CookieUnitResolver implements UnitResolver {
  /** The visitor cookie's name. */
  public static final String COOKIE = "abkit_vid";

  private final boolean principalFirst;
  private final VisitorIds ids;
  private final String attributes;
  private final String secureAttributes;

  public CookieUnitResolver(boolean principalFirst, VisitorIds ids, Duration maxAge) {
    this.principalFirst = principalFirst;
    this.ids = ids;
    this.attributes = "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=Lax";
    this.secureAttributes = attributes + "; Secure";
  }

  @Override
  public String resolve(HttpServletRequest request, HttpServletResponse response) {
    if (principalFirst) {
      Principal p = request.getUserPrincipal();
      if (p != null) {
        String name = p.getName();
        if (name != null && !name.isBlank() && name.length() <= Unit.MAX_ID_LENGTH) {
          return name;
        }
      }
    }
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (COOKIE.equals(c.getName()) && VisitorIds.isValid(c.getValue())) {
          return c.getValue();
        }
      }
    }
    String id = ids.next();
    if (!response.isCommitted()) {
      response.addHeader(
          "Set-Cookie", COOKIE + "=" + id + (request.isSecure() ? secureAttributes : attributes));
    }
    return id;
  }
}
