# Build stage: Swift toolchain on Debian bookworm (the same Debian the project targets).
FROM swift:6.3-bookworm AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsodium-dev librocksdb-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product desci-node \
 && swift build -c release --product desci \
 && cp "$(swift build -c release --show-bin-path)/desci-node" "$(swift build -c release --show-bin-path)/desci" /usr/local/bin/

# Runtime stage: only the shared libraries the binaries need.
FROM debian:bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsodium23 librocksdb7.8 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/lib/swift/linux/*.so /usr/lib/swift/linux/
COPY --from=build /usr/local/bin/desci-node /usr/local/bin/desci /usr/local/bin/
ENV LD_LIBRARY_PATH=/usr/lib/swift/linux
COPY Genesis /opt/desci/Genesis
WORKDIR /opt/desci
# Node home and wallet keys live in volumes so a restart keeps the chain.
VOLUME ["/data"]
EXPOSE 26656-26663
ENTRYPOINT ["desci-node"]
CMD ["dev", "--home", "/data/node", "--wallet-home", "/data/wallet", "--rpc-addr", "0.0.0.0:26657"]
