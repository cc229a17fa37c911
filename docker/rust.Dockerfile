# The platform's Rust apps, one build stage shared by all and one runtime target per app:
#   docker buildx build -f docker/rust.Dockerfile --target api -t coaching-api:local .
# (`npx nx run api:docker-build` does this, offline-capable, from any directory.)
# No `# syntax=` line: it would pull a frontend image; the engine's built-in BuildKit suffices.

# The build image, one home for its tag and, once pinned, its digest (docs/operations.md#base-images).
ARG RUST_IMAGE=rust:1.95-slim-bookworm

# Crates from the host's `cargo vendor` (the docker-build executor passes them as the `vendor`
# build context, so builds need no network). Left empty, cargo fetches from crates.io instead.
FROM scratch AS vendor

FROM ${RUST_IMAGE} AS build
WORKDIR /src
COPY --from=vendor / /vendor/
RUN if [ -n "$(ls -A /vendor)" ]; then \
      mkdir -p .cargo && printf '%s\n' '[source.crates-io]' 'replace-with = "vendored"' \
        '[source.vendored]' 'directory = "/vendor"' > .cargo/config.toml; \
    fi
# Only what the apps are built from: a change elsewhere in the repository keeps this cache.
COPY Cargo.toml Cargo.lock ./
COPY apps/api apps/api
COPY apps/web apps/web
COPY apps/db/migration apps/db/migration
COPY libs/contract libs/contract
COPY libs/service-kit libs/service-kit
COPY libs/testkit libs/testkit
# A member of the workspace (bench:http's baseline), which cargo reads though no app needs it.
COPY bench/baseline bench/baseline
ARG APP
# Incremental release builds: after a small change only the touched code is compiled again
# (seconds instead of minutes), at a small cost in optimisation. A release pipeline that wants
# the last few percent passes --build-arg INCREMENTAL=false.
ARG INCREMENTAL=true
ENV CARGO_PROFILE_RELEASE_INCREMENTAL=${INCREMENTAL}
# How many compilations run at once; empty, one per processor. Each takes up to a few hundred MB, so
# a machine short of memory builds with fewer: docker-build passes the environment's
# CARGO_BUILD_JOBS here (`CARGO_BUILD_JOBS=1 make up`). It changes how long the build takes, not the binary.
ARG BUILD_JOBS=
# A static binary (glibc linked in; its built-in DNS resolver suffices), so the runtime image can
# be empty: no shell, no libraries, nothing to patch. The build machine's own target triple keeps
# this working on arm64 (Apple silicon) as on x86_64.
# The target folder is a cache mount shared by every app's build: compiled dependencies survive
# from one build to the next, so a change in one app recompiles only that app. The binary is
# copied out in the same step because a cache mount is not part of the image; its fixed date (with
# SOURCE_DATE_EPOCH=0, which docker-build passes) makes an unchanged binary an unchanged image.
RUN --mount=type=cache,id=coaching-cargo-target,target=/src/target,sharing=locked \
    --mount=type=cache,id=coaching-cargo-registry,target=/usr/local/cargo/registry,sharing=locked \
    triple="$(rustc -vV | sed -n 's/^host: //p')" \
 && RUSTFLAGS="-C target-feature=+crt-static" cargo build --release --locked --target "$triple" ${BUILD_JOBS:+--jobs=$BUILD_JOBS} -p "${APP}" \
 && install -D "target/$triple/release/${APP}" "/out/${APP}" \
 && touch --date=@0 "/out/${APP}"

FROM scratch AS runtime-base
# Not root: a numeric user, as Kubernetes' runAsNonRoot can check it.
USER 65532:65532
WORKDIR /app

FROM runtime-base AS api
COPY --from=build /out/api /app/api
ENV API_HOST=0.0.0.0 API_PORT=4000
EXPOSE 4000
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 CMD ["/app/api", "healthcheck"]
ENTRYPOINT ["/app/api"]

FROM runtime-base AS web
COPY --from=build /out/web /app/web
ENV WEB_HOST=0.0.0.0 WEB_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 CMD ["/app/web", "healthcheck"]
ENTRYPOINT ["/app/web"]
