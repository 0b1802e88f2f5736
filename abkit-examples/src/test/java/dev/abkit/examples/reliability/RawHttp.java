package dev.abkit.examples.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A bare HTTP/1.1 exchange over a socket, for requests {@link java.net.http.HttpClient} refuses to
 * send (CR, LF or other control characters inside a header value).
 */
final class RawHttp {
  private RawHttp() {}

  /** A parsed response: status, header lines as sent, body text. */
  record Response(int status, List<String> headers, String body) {
    List<String> values(String name) {
      List<String> out = new ArrayList<>();
      for (String h : headers) {
        int colon = h.indexOf(':');
        if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
          out.add(h.substring(colon + 1).trim());
        }
      }
      return out;
    }
  }

  /** Sends {@code request} (the exact bytes) to 127.0.0.1:{@code port}; reads until close. */
  static Response exchange(int port, byte[] request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      String head = end < 0 ? text : text.substring(0, end);
      String body = end < 0 ? "" : text.substring(end + 4);
      String[] lines = head.split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      List<String> headers = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        headers.add(lines[i]);
      }
      return new Response(status, headers, body);
    }
  }

  /** A GET with one extra raw header line (UTF-8 encoded), {@code Connection: close}. */
  static byte[] get(String path, String rawHeaderLine) {
    return ("GET "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + rawHeaderLine
            + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
