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
 * <p>With a {@link VisitorIdSigner}, the cookie is {@code <id>.<tag>} and only a correctly signed
 * value is used, so a client cannot pick an id (and with it a variant); one signed with a previous
 * secret is re-signed with the current one, keeping the id.
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
  private final VisitorIdSigner signer;
  private final String attributes;
  private final String secureAttributes;

  /** A resolver whose cookies are signed by {@code signer}, or plain ids when it is null. */
  public CookieUnitResolver(
      boolean principalFirst, VisitorIds ids, VisitorIdSigner signer, Duration maxAge) {
    this.principalFirst = principalFirst;
    this.ids = ids;
    this.signer = signer;
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
        if (COOKIE.equals(c.getName())) {
          String id = idOf(c.getValue(), request, response);
          if (id != null) {
            return id;
          }
        }
      }
    }
    String id = ids.next();
    setCookie(id, request, response);
    return id;
  }

  /** The visitor id a cookie value carries, re-signing one signed with a previous secret. */
  private String idOf(String value, HttpServletRequest request, HttpServletResponse response) {
    if (signer == null) {
      return VisitorIds.isValid(value) ? value : null;
    }
    return switch (signer.verify(value)) {
      case CURRENT -> value.substring(0, VisitorIds.LENGTH);
      case PREVIOUS -> {
        String id = value.substring(0, VisitorIds.LENGTH);
        setCookie(id, request, response);
        yield id;
      }
      case INVALID -> null;
    };
  }

  private void setCookie(String id, HttpServletRequest request, HttpServletResponse response) {
    if (!response.isCommitted()) {
      response.addHeader(
          "Set-Cookie",
          COOKIE
              + "="
              + (signer == null ? id : signer.sign(id))
              + (request.isSecure() ? secureAttributes : attributes));
    }
  }
}
