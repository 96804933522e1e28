package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// environment is the machine and the versions that the method section reports.
type environment struct {
	cpu      string
	cores    int
	memory   string
	goVer    string
	javaVer  string
	keycloak string // version and the Java it runs on
	// keycloakVersion is the bare version, which names the distribution
	// folder that holds kcadm.sh.
	keycloakVersion string
}

// describeEnvironment reads the CPU and memory from /proc, and Keycloak's
// version from its server info.
func describeEnvironment(ctx context.Context, api *adminAPI) (environment, error) {
	env := environment{goVer: runtime.Version()}

	cpuinfo, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return env, err
	}
	for line := range strings.Lines(string(cpuinfo)) {
		key, value, _ := strings.Cut(line, ":")
		switch strings.TrimSpace(key) {
		case "model name":
			env.cpu = strings.TrimSpace(value)
		case "processor":
			env.cores++
		}
	}

	if kib, err := meminfoKiB("MemTotal"); err == nil {
		env.memory = fmt.Sprintf("%.1f GiB", float64(kib)/(1<<20))
	}

	if _, env.javaVer, err = findJava(); err != nil {
		return env, err
	}

	var info struct {
		SystemInfo struct {
			Version     string `json:"version"`
			JavaVersion string `json:"javaVersion"`
		} `json:"systemInfo"`
	}
	if err := api.do(ctx, "GET", "/serverinfo", nil, &info); err != nil {
		return env, fmt.Errorf("read Keycloak's version: %w", err)
	}
	env.keycloakVersion = info.SystemInfo.Version
	env.keycloak = fmt.Sprintf("%s (on Java %s)", info.SystemInfo.Version, info.SystemInfo.JavaVersion)
	return env, nil
}

func meminfoKiB(field string) (int64, error) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		name, rest, _ := strings.Cut(scanner.Text(), ":")
		if name == field {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no %s in /proc/meminfo", field)
}

// loadAverage returns the one-minute load average from /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 {
		return "unknown"
	}
	return fields[0]
}

// transactionAborts counts the transactions that the dev Keycloak's
// transaction reaper canceled since the given time, from the log file that
// scripts/keycloak writes. It returns -1 when there is no such log.
func transactionAborts(since time.Time) int {
	f, err := os.Open(filepath.Join(cacheDir(), "idtui", "keycloak", "keycloak.log"))
	if err != nil {
		return -1
	}
	defer f.Close()

	aborts := 0
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for scanner.Scan() {
		line := scanner.Text()
		// ARJUNA012121: the reaper canceled a transaction that outlived its timeout.
		if !strings.Contains(line, "ARJUNA012121") || len(line) < 23 {
			continue
		}
		at, err := time.ParseInLocation("2006-01-02 15:04:05,000", line[:23], time.Local)
		if err == nil && !at.Before(since) {
			aborts++
		}
	}
	return aborts
}

// cacheDir returns the XDG cache folder, where scripts/keycloak keeps
// Keycloak.
func cacheDir() string {
	if dir := os.Getenv("XDG_CACHE_HOME"); dir != "" {
		return dir
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ".cache"
	}
	return filepath.Join(home, ".cache")
}
