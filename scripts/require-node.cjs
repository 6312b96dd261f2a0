/**
 * Run by the npm scripts before anything else: on a Node.js too old for the project, says in
 * French which version is needed and how to get it, and exits 1 instead of a stack trace.
 * CommonJS and old syntax on purpose, so that any Node.js can read this file.
 */
'use strict';

var MINIMUM = [22, 12];
/** Node.js 22 runs TypeScript files (our scripts) without a flag from this release on. */
var TYPESCRIPT_FROM = [22, 18];

function parse(version) {
  return String(version)
    .replace(/^v/, '')
    .split('.')
    .map(function (part) {
      return parseInt(part, 10) || 0;
    });
}

function atLeast(version, wanted) {
  return version[0] !== wanted[0] ? version[0] > wanted[0] : version[1] >= wanted[1];
}

var HOW_TO_GET_IT = [
  'Pour l’installer :',
  '  - avec nvm (https://github.com/nvm-sh/nvm) : nvm install 24, puis nvm use 24 ;',
  '  - ou depuis https://nodejs.org/fr/download (version LTS) ;',
  '  - sous Debian ou Ubuntu, le paquet « nodejs » de la distribution est trop ancien :',
  '    suivez https://github.com/nodesource/distributions.',
  'Puis relancez la commande.',
];

/**
 * What is wrong with this Node.js for the project, in French, or null when nothing is.
 * `stripsTypes` is what `process.features.typescript` says: whether `.ts` files run as they are.
 */
function nodeProblem(version, stripsTypes) {
  var parsed = parse(version);
  var shown = 'v' + parsed.join('.');
  var problem = null;
  if (!atLeast(parsed, MINIMUM)) {
    problem =
      'Registre IA demande Node.js ' +
      MINIMUM.join('.') +
      ' ou plus récent (Node.js 24 LTS conseillé) ; vous utilisez Node.js ' +
      shown +
      '.';
  } else if (!stripsTypes) {
    problem =
      'Registre IA demande un Node.js qui exécute les fichiers TypeScript : Node.js ' +
      TYPESCRIPT_FROM.join('.') +
      ' ou plus récent (Node.js 24 LTS conseillé) ; vous utilisez Node.js ' +
      shown +
      '.';
  }
  return problem === null ? null : [problem, ''].concat(HOW_TO_GET_IT).join('\n');
}

module.exports = { nodeProblem: nodeProblem };

if (require.main === module) {
  var features = process.features || {};
  var problem = nodeProblem(process.versions.node, Boolean(features.typescript));
  if (problem !== null) {
    process.stderr.write(problem + '\n');
    process.exit(1);
  }
}
