package dev.otlab.dashboard.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Request bodies are one JSON value and nothing after it: {@code {"a":1} garbage} is refused (400
 * BODY_INVALID), where Jackson by default reads the object and ignores the rest, so a client's
 * broken body would be half-accepted.
 */
@Singleton
public class JsonSettings implements ObjectMapperCustomizer {
  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }
}
