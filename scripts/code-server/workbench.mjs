// Drives the code-server workbench in Debian's Chromium through playwright-core: opens test
// payloads, forwards the console, takes requested screenshots and waits for the test exit code.
import { appendFileSync, closeSync, existsSync, openSync, readSync } from 'node:fs';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { join } from 'node:path';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './paths.mjs';

const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// The workbench logs this and then waits forever when the payload's paths lack the
// vscode-remote authority.
const NO_EXTENSION_HOST = 'No extension host found that can launch the test runner';

export class Workbench {
  /** Writes the page console to logs/workbench-console.log, and to stdout as well if verbose. */
  constructor({ dirs, verbose }) {
    this.dirs = dirs;
    this.verbose = verbose;
    this.consoleLog = join(dirs.logs, 'workbench-console.log');
    this.pendingExit = null;
    this.screenshotBusy = false;
  }

  async launch() {
    this.context = await chromium.launchPersistentContext(this.dirs.browserProfile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: BROWSER_ARGS,
      viewport: { width: 1440, height: 900 },
      timeout: 60_000,
      env: { ...process.env, HOME: this.dirs.home, TMPDIR: this.dirs.tmp },
    });
    this.page = this.context.pages()[0] ?? (await this.context.newPage());

    // VS Code's smoke-test driver calls window.codeAutomationExit(code) when the tests end.
    await this.page.exposeFunction('codeAutomationExit', (code) => {
      this.pendingExit?.resolve(Number(code));
    });
    this.page.on('console', (message) => this.onConsole(message.text()));
    this.page.on('pageerror', (error) => this.onConsole(`[page error] ${error.message}`));
  }

  onConsole(rawText) {
    // The workbench logs through console.log('%c INFO', 'color: #33f', message). Playwright's
    // text joins those arguments without applying %c, so the style argument is removed here.
    const text = rawText.replace(/^%c\s*(\w+) color: #[0-9a-f]+ /i, '[$1] ');
    appendFileSync(this.consoleLog, `${text}\n`);
    if (this.verbose) {
      process.stdout.write(`${text}\n`);
    }
    if (text.includes(NO_EXTENSION_HOST)) {
      this.pendingExit?.reject(
        new Error(`The workbench logged "${NO_EXTENSION_HOST}". Check the payload paths.`),
      );
    }
  }

  /**
   * Opens url and resolves with the code that the tests pass to codeAutomationExit. Meanwhile
   * prints what the test entry appends to outputFile.
   */
  async runTests(url, timeoutMs, outputFile) {
    const exit = new Promise((resolve, reject) => {
      this.pendingExit = { resolve, reject };
    });
    const timer = setTimeout(() => {
      this.pendingExit?.reject(
        new Error(`The tests did not finish within ${timeoutMs / 1000} s; see ${this.consoleLog}`),
      );
    }, timeoutMs);
    const screenshots = setInterval(() => this.answerScreenshotRequests(), 200);
    const output = new FileTail(outputFile);
    const outputTimer = setInterval(() => output.print(), 200);

    try {
      await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      return await exit;
    } finally {
      clearTimeout(timer);
      clearInterval(screenshots);
      clearInterval(outputTimer);
      output.print();
      this.pendingExit = null;
      await this.answerScreenshotRequests();
    }
  }

  async answerScreenshotRequests() {
    if (this.screenshotBusy || !existsSync(this.dirs.screenshots)) {
      return;
    }
    this.screenshotBusy = true;
    try {
      const requests = readdirSync(this.dirs.screenshots).filter((f) => f.endsWith('.request'));
      for (const request of requests) {
        await this.takeScreenshot(request.slice(0, -'.request'.length));
      }
    } finally {
      this.screenshotBusy = false;
    }
  }

  async takeScreenshot(name) {
    const base = join(this.dirs.screenshots, name);
    let status = 'ok';
    try {
      await this.page.screenshot({ path: `${base}.png`, timeout: 15_000 });
      process.stdout.write(`[runner] screenshot ${name}.png\n`);
    } catch (error) {
      status = `error: ${error instanceof Error ? error.message : String(error)}`;
      process.stdout.write(`[runner] screenshot ${name} failed: ${status}\n`);
    }
    rmSync(`${base}.request`, { force: true });
    writeFileSync(`${base}.done`, `${status}\n`);
  }

  async close() {
    await this.context?.close().catch(() => undefined);
  }
}

/** Prints the bytes appended to a file since the last call. */
class FileTail {
  constructor(path) {
    this.path = path;
    this.offset = 0;
  }

  print() {
    if (!existsSync(this.path)) {
      return;
    }
    const fd = openSync(this.path, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      let bytesRead;
      while ((bytesRead = readSync(fd, buffer, 0, buffer.length, this.offset)) > 0) {
        process.stdout.write(buffer.subarray(0, bytesRead));
        this.offset += bytesRead;
      }
    } finally {
      closeSync(fd);
    }
  }
}
