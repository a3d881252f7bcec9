#!/usr/bin/env node
// Read and write BPMN files with the reference npm bpmn-moddle (pinned in package.json).
//
//   node tools/bpmn_moddle_check.mjs parse FILE...     exit 1 if any file has an import warning
//   node tools/bpmn_moddle_check.mjs roundtrip IN OUT  fromXML, then toXML({format: true}) to OUT
//
// `parse` prints one line `FILE: warning MESSAGE` per warning (and `FILE: error MESSAGE` when the
// file cannot be read at all); it prints nothing for a clean file. `roundtrip` exits 1 on any
// import warning as well, so a lossy read is never written back silently.
// Used by tests/models/test_external_tools.py as the oracle for the Python port bpmn-io.

import { readFile, writeFile } from 'node:fs/promises';
import process from 'node:process';

import { BpmnModdle } from 'bpmn-moddle';

const USAGE = 'usage: bpmn_moddle_check.mjs parse FILE... | roundtrip IN OUT';

function firstLine(text) {
  return String(text ?? '').split('\n')[0];
}

async function read(file) {
  const xml = await readFile(file, 'utf8');
  const moddle = new BpmnModdle();
  const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
  return { moddle, rootElement, warnings };
}

async function parse(files) {
  let failed = false;
  for (const file of files) {
    try {
      const { warnings } = await read(file);
      for (const warning of warnings) {
        console.log(`${file}: warning ${firstLine(warning.message)}`);
        failed = true;
      }
    } catch (err) {
      console.log(`${file}: error ${firstLine(err.message)}`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

async function roundtrip(input, output) {
  let result;
  try {
    result = await read(input);
  } catch (err) {
    console.log(`${input}: error ${firstLine(err.message)}`);
    return 1;
  }
  const { moddle, rootElement, warnings } = result;
  for (const warning of warnings) {
    console.log(`${input}: warning ${firstLine(warning.message)}`);
  }
  const { xml } = await moddle.toXML(rootElement, { format: true });
  await writeFile(output, xml, 'utf8');
  return warnings.length ? 1 : 0;
}

async function main(argv) {
  const [command, ...args] = argv;
  if (command === 'parse' && args.length >= 1) {
    return parse(args);
  }
  if (command === 'roundtrip' && args.length === 2) {
    return roundtrip(args[0], args[1]);
  }
  console.error(USAGE);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
