"""The stack floor of bench.py: an empty Quarkus application with the agent's Quarkus version, the agent's
runtime Quarkus extensions (read from pom.xml) and the agent's quarkus.* settings, built with the project's
./mvnw in a directory of the bench. Its only code is a picocli command that says it is up and waits, as
`agent run` does before its first cycle, so that idle RSS and start time of the two can be compared.
"""
import os
import re
import subprocess
import xml.etree.ElementTree as ET

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
READY = "floor: started"

MAIN = """package bench.floor;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "floor")
public class Floor implements Runnable {
    @Override
    public void run() {
        System.out.println("%s");
        System.out.flush();
        Quarkus.waitForExit();
    }
}
""" % READY


def project_facts(repo):
    """(Quarkus platform version, [runtime extension artifactIds]) of the agent's pom.xml."""
    root = ET.parse(os.path.join(repo, "pom.xml")).getroot()
    version = root.find("m:properties/m:quarkus.platform.version", NS).text.strip()
    extensions = []
    for dep in root.findall("m:dependencies/m:dependency", NS):
        group = dep.find("m:groupId", NS).text.strip()
        scope = dep.find("m:scope", NS)
        if group == "io.quarkus" and (scope is None or scope.text.strip() in ("compile", "runtime")):
            extensions.append(dep.find("m:artifactId", NS).text.strip())
    return version, extensions


def quarkus_settings(repo):
    """The agent's own quarkus.* lines of application.properties (profiles and ${agent.*} references left out)."""
    lines = []
    with open(os.path.join(repo, "src", "main", "resources", "application.properties")) as f:
        for line in f:
            line = line.strip()
            if line.startswith("quarkus.") and "${agent." not in line and not line.startswith("quarkus.native."):
                lines.append(line)
    return lines


def pom(version, extensions):
    deps = "".join("        <dependency><groupId>io.quarkus</groupId><artifactId>%s</artifactId></dependency>\n" % a
                   for a in extensions)
    return """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
    <modelVersion>4.0.0</modelVersion>
    <groupId>bench</groupId>
    <artifactId>stack-floor</artifactId>
    <version>1</version>
    <properties>
        <maven.compiler.release>17</maven.compiler.release>
        <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    </properties>
    <dependencyManagement>
        <dependencies>
            <dependency>
                <groupId>io.quarkus</groupId><artifactId>quarkus-bom</artifactId><version>%(v)s</version>
                <type>pom</type><scope>import</scope>
            </dependency>
        </dependencies>
    </dependencyManagement>
    <dependencies>
%(deps)s    </dependencies>
    <build>
        <plugins>
            <plugin>
                <groupId>io.quarkus</groupId><artifactId>quarkus-maven-plugin</artifactId><version>%(v)s</version>
                <extensions>true</extensions>
                <executions><execution><goals><goal>build</goal></goals></execution></executions>
            </plugin>
        </plugins>
    </build>
</project>
""" % {"v": version, "deps": deps}


def write_project(repo, d):
    version, extensions = project_facts(repo)
    src = os.path.join(d, "src", "main", "java", "bench", "floor")
    res = os.path.join(d, "src", "main", "resources")
    os.makedirs(src, exist_ok=True)
    os.makedirs(res, exist_ok=True)
    with open(os.path.join(d, "pom.xml"), "w") as f:
        f.write(pom(version, extensions))
    with open(os.path.join(src, "Floor.java"), "w") as f:
        f.write(MAIN)
    with open(os.path.join(res, "application.properties"), "w") as f:
        f.write("\n".join(quarkus_settings(repo)) + "\n")
    return version, extensions


def lock_held_by_ancestor(lock):
    """True when this process or one of its ancestors holds a flock on `lock` (e.g. `flock LOCK bench/run.sh`):
    taking it again from here would wait for ever."""
    try:
        inode = os.stat(lock).st_ino
        with open("/proc/locks") as f:
            holders = {int(m.group(1)) for m in (re.search(r"FLOCK\s+\S+\s+\S+\s+(\d+)\s+\S+:\S+:(\d+)", l)
                                                 for l in f) if m and int(m.group(2)) == inode}
    except OSError:
        return False
    pid = os.getpid()
    while pid > 1:
        if pid in holders:
            return True
        with open("/proc/%d/stat" % pid) as f:
            pid = int(f.read().rsplit(")", 1)[1].split()[1])
    return False


def build(repo, d, log, lock="/tmp/mvn.lock"):
    """Builds the project in d with the agent's ./mvnw, offline first (the agent's build has filled the local
    repository with the same extensions), online if that fails. Returns the jar or raises with Maven's tail."""
    jar = os.path.join(d, "target", "quarkus-app", "quarkus-run.jar")
    if os.path.exists(jar):
        return jar
    mvn = [os.path.join(repo, "mvnw"), "-B", "-q", "-f", os.path.join(d, "pom.xml"), "package", "-DskipTests"]
    if os.path.exists(lock) and not lock_held_by_ancestor(lock):
        mvn = ["flock", lock] + mvn  # a shared build machine's Maven lock, when the bench does not hold it
    out = ""
    for offline in (True, False):
        cmd = mvn + (["-o"] if offline else [])
        log("building the stack floor: %s" % " ".join(cmd))
        p = subprocess.run(cmd, cwd=repo, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        out = p.stdout + p.stderr
        if p.returncode == 0 and os.path.exists(jar):
            return jar
    raise RuntimeError("the stack floor did not build:\n" + out[-2000:])
