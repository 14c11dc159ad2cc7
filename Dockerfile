# StatusHub as a container: `docker build -t statushub .` then see docker-compose.yml.
# Untested on the build machines (no Docker engine there); tests/StatusHub.Tests/Operations/DeploymentTests.cs publishes
# the app the way the build stage does and checks every path this file names.

# Build: restore first from the project files only, so a change to the code reuses the restored layer.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/StatusHub/StatusHub.csproj src/StatusHub/
RUN dotnet restore src/StatusHub/StatusHub.csproj
COPY appsettings.json ./
COPY templates/ templates/
COPY wwwroot/ wwwroot/
COPY src/StatusHub/ src/StatusHub/
RUN dotnet publish src/StatusHub/StatusHub.csproj --configuration Release --no-restore --output /app

# Run: the ASP.NET runtime only, as the image's unprivileged "app" user, data on a volume.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown app:app /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Storage__DataDirectory=/data
USER app
VOLUME /data
EXPOSE 8080
# The runtime image has neither curl nor wget: the app asks itself (exit 0 when /healthz answers 200).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["dotnet", "/app/StatusHub.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "/app/StatusHub.dll"]
