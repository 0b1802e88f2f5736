package dev.abkit.examples.demo;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** How the simulation's visitors and the load test send a request to the demo. */
final class Resend {
  private Resend() {}

  /**
   * Sends {@code request}, and once more after a connection-level failure: a kept-alive connection
   * the server closes as idle just as the client reuses it fails with no response ("header parser
   * received no bytes"), and the JDK client retries that for a GET but not for a POST. Every
   * request the demo's clients send may be repeated (exposures dedupe, events carry their ids), so
   * a resend cannot make the counts differ, while a lost answer to a request that did land would. A
   * second failure is thrown; {@code resending} is called before the second try.
   */
  static HttpResponse<String> onFailure(HttpClient client, HttpRequest request, Runnable resending)
      throws IOException, InterruptedException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException first) {
      resending.run();
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }
}
