# The deployment spec's Dockerfile strategy, kept only to measure ours against it (bench:docker):
# copy everything, `cargo install`, copy the binary into a Debian slim image. Two changes so it
# can run here: the vendored crates (no registry access in build containers on this machine) and
# bookworm instead of the end-of-life buster.
FROM scratch AS vendor

FROM rust:latest AS builder
WORKDIR /usr/src/app
COPY --from=vendor / /vendor/
RUN mkdir -p .cargo && printf '%s\n' '[source.crates-io]' 'replace-with = "vendored"' \
      '[source.vendored]' 'directory = "/vendor"' > .cargo/config.toml
COPY . .
RUN cargo install --locked --path apps/api

FROM debian:bookworm-slim
COPY --from=builder /usr/local/cargo/bin/api /usr/local/bin/api
CMD ["api"]
