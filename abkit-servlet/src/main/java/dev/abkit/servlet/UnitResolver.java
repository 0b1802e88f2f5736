package dev.abkit.servlet;

import dev.abkit.servlet.internal.CookieUnitResolver;
import dev.abkit.servlet.internal.VisitorIdSigner;
import dev.abkit.servlet.internal.VisitorIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;

/**
 * Decides which unit (user, visitor) a request belongs to. The unit id is what abkit hashes, so it
 * must be stable across the unit's requests; it must also come from something the client cannot
 * freely choose for another unit (a session, an authenticated principal, a random cookie).
 *
 * <p>Called once per request by {@link AssignmentFilter} (and by {@link EventServlet} when no
 * assignment filter ran), before the response is committed, so an implementation may set cookies.
 * Implementations must be thread-safe and should not throw: an exception is logged once and the
 * request continues without a unit (control is served, nothing is recorded).
 */
@FunctionalInterface
public interface UnitResolver {

  /** The visitor cookie's lifetime used by {@link #defaults()}: 400 days (browsers' upper cap). */
  Duration COOKIE_MAX_AGE = Duration.ofDays(400);

  /**
   * The unit id of this request, or {@code null} if it has none (then control is served and nothing
   * is recorded). At most {@link dev.abkit.Unit#MAX_ID_LENGTH} characters.
   */
  String resolve(HttpServletRequest request, HttpServletResponse response);

  /**
   * The default: the authenticated principal's name ({@link HttpServletRequest#getUserPrincipal()})
   * when there is one, else the {@code abkit_vid} visitor cookie. A visitor without a well-formed
   * cookie gets a new random 128-bit id (22 characters of URL-safe base64) in a cookie that is
   * HttpOnly, SameSite=Lax, Path=/, Max-Age 400 days, and Secure when the request is secure. A
   * malformed cookie is replaced, never trusted or echoed.
   *
   * <p>Note that a visitor who logs in changes unit (cookie id to user name); experiments that must
   * follow a visitor through sign-up should use {@link #visitorCookie()}.
   */
  static UnitResolver defaults() {
    return new CookieUnitResolver(true, new VisitorIds(), null, COOKIE_MAX_AGE);
  }

  /** Like {@link #defaults()} but ignoring the principal: always the visitor cookie. */
  static UnitResolver visitorCookie() {
    return new CookieUnitResolver(false, new VisitorIds(), null, COOKIE_MAX_AGE);
  }

  /**
   * Like {@link #defaults()}, with visitor ids signed by HMAC-SHA256 under {@code secret}: the
   * cookie is {@code <id>.<tag>}, and a cookie without a valid tag (a client's own choice of id, an
   * unsigned cookie from before signing was turned on) is replaced by a new signed id. Cookies
   * signed with one of the {@code previous} secrets stay valid and are re-signed with {@code
   * secret} on the visitor's next request, so a secret can be rotated without moving visitors: keep
   * the old one in {@code previous} for as long as the grace period should last (visitors who do
   * not return within it get new ids).
   *
   * <p>Signing stops a client from choosing the id that lands in the variant it wants. It cannot
   * stop a client from throwing cookies away to be assigned again; conversions recorded on the
   * server (for a signed-in user or a completed order) are stronger evidence than client events.
   *
   * @throws IllegalArgumentException if a secret is shorter than 32 characters
   */
  static UnitResolver signed(String secret, String... previous) {
    return new CookieUnitResolver(
        true,
        new VisitorIds(),
        new VisitorIdSigner(secret, java.util.List.of(previous)),
        COOKIE_MAX_AGE);
  }
}
