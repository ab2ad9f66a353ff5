/**
 * arXiv category codes for the subject names Dublin Core (oai_dc) uses:
 * `Computer Science - Data Structures and Algorithms` -> `cs.DS`.
 * Names follow arXiv's category taxonomy (arxiv.org/category_taxonomy).
 */
const ARCHIVES: Record<string, { prefix: string; names: Record<string, string> }> = {
  'Computer Science': {
    prefix: 'cs.',
    names: {
      AI: 'Artificial Intelligence', AR: 'Hardware Architecture', CC: 'Computational Complexity',
      CE: 'Computational Engineering, Finance, and Science', CG: 'Computational Geometry',
      CL: 'Computation and Language', CR: 'Cryptography and Security', CV: 'Computer Vision and Pattern Recognition',
      CY: 'Computers and Society', DB: 'Databases', DC: 'Distributed, Parallel, and Cluster Computing',
      DL: 'Digital Libraries', DM: 'Discrete Mathematics', DS: 'Data Structures and Algorithms',
      ET: 'Emerging Technologies', FL: 'Formal Languages and Automata Theory', GL: 'General Literature',
      GR: 'Graphics', GT: 'Computer Science and Game Theory', HC: 'Human-Computer Interaction',
      IR: 'Information Retrieval', IT: 'Information Theory', LG: 'Machine Learning', LO: 'Logic in Computer Science',
      MA: 'Multiagent Systems', MM: 'Multimedia', MS: 'Mathematical Software', NA: 'Numerical Analysis',
      NE: 'Neural and Evolutionary Computing', NI: 'Networking and Internet Architecture', OH: 'Other Computer Science',
      OS: 'Operating Systems', PF: 'Performance', PL: 'Programming Languages', RO: 'Robotics',
      SC: 'Symbolic Computation', SD: 'Sound', SE: 'Software Engineering', SI: 'Social and Information Networks',
      SY: 'Systems and Control',
    },
  },
  Mathematics: {
    prefix: 'math.',
    names: {
      AC: 'Commutative Algebra', AG: 'Algebraic Geometry', AP: 'Analysis of PDEs', AT: 'Algebraic Topology',
      CA: 'Classical Analysis and ODEs', CO: 'Combinatorics', CT: 'Category Theory', CV: 'Complex Variables',
      DG: 'Differential Geometry', DS: 'Dynamical Systems', FA: 'Functional Analysis', GM: 'General Mathematics',
      GN: 'General Topology', GR: 'Group Theory', GT: 'Geometric Topology', HO: 'History and Overview',
      IT: 'Information Theory', KT: 'K-Theory and Homology', LO: 'Logic', MG: 'Metric Geometry',
      MP: 'Mathematical Physics', NA: 'Numerical Analysis', NT: 'Number Theory', OA: 'Operator Algebras',
      OC: 'Optimization and Control', PR: 'Probability', QA: 'Quantum Algebra', RA: 'Rings and Algebras',
      RT: 'Representation Theory', SG: 'Symplectic Geometry', SP: 'Spectral Theory', ST: 'Statistics Theory',
    },
  },
  Statistics: {
    prefix: 'stat.',
    names: { AP: 'Applications', CO: 'Computation', ME: 'Methodology', ML: 'Machine Learning', OT: 'Other Statistics', TH: 'Statistics Theory' },
  },
  'Electrical Engineering and Systems Science': {
    prefix: 'eess.',
    names: { AS: 'Audio and Speech Processing', IV: 'Image and Video Processing', SP: 'Signal Processing', SY: 'Systems and Control' },
  },
  Economics: { prefix: 'econ.', names: { EM: 'Econometrics', GN: 'General Economics', TH: 'Theoretical Economics' } },
  'Quantitative Biology': {
    prefix: 'q-bio.',
    names: {
      BM: 'Biomolecules', CB: 'Cell Behavior', GN: 'Genomics', MN: 'Molecular Networks', NC: 'Neurons and Cognition',
      OT: 'Other Quantitative Biology', PE: 'Populations and Evolution', QM: 'Quantitative Methods',
      SC: 'Subcellular Processes', TO: 'Tissues and Organs',
    },
  },
  'Quantitative Finance': {
    prefix: 'q-fin.',
    names: {
      CP: 'Computational Finance', EC: 'Economics', GN: 'General Finance', MF: 'Mathematical Finance',
      PM: 'Portfolio Management', PR: 'Pricing of Securities', RM: 'Risk Management', ST: 'Statistical Finance',
      TR: 'Trading and Market Microstructure',
    },
  },
  Physics: {
    prefix: 'physics.',
    names: {
      'acc-ph': 'Accelerator Physics', 'ao-ph': 'Atmospheric and Oceanic Physics', 'app-ph': 'Applied Physics',
      'atm-clus': 'Atomic and Molecular Clusters', 'atom-ph': 'Atomic Physics', 'bio-ph': 'Biological Physics',
      'chem-ph': 'Chemical Physics', 'class-ph': 'Classical Physics', 'comp-ph': 'Computational Physics',
      'data-an': 'Data Analysis, Statistics and Probability', 'ed-ph': 'Physics Education', 'flu-dyn': 'Fluid Dynamics',
      'gen-ph': 'General Physics', 'geo-ph': 'Geophysics', 'hist-ph': 'History and Philosophy of Physics',
      'ins-det': 'Instrumentation and Detectors', 'med-ph': 'Medical Physics', optics: 'Optics',
      'plasm-ph': 'Plasma Physics', 'pop-ph': 'Popular Physics', 'soc-ph': 'Physics and Society', 'space-ph': 'Space Physics',
    },
  },
  Astrophysics: {
    prefix: 'astro-ph.',
    names: {
      CO: 'Cosmology and Nongalactic Astrophysics', EP: 'Earth and Planetary Astrophysics', GA: 'Astrophysics of Galaxies',
      HE: 'High Energy Astrophysical Phenomena', IM: 'Instrumentation and Methods for Astrophysics', SR: 'Solar and Stellar Astrophysics',
    },
  },
  'Condensed Matter': {
    prefix: 'cond-mat.',
    names: {
      'dis-nn': 'Disordered Systems and Neural Networks', 'mes-hall': 'Mesoscale and Nanoscale Physics',
      'mtrl-sci': 'Materials Science', other: 'Other Condensed Matter', 'quant-gas': 'Quantum Gases',
      soft: 'Soft Condensed Matter', 'stat-mech': 'Statistical Mechanics', 'str-el': 'Strongly Correlated Electrons',
      'supr-con': 'Superconductivity',
    },
  },
  'Nonlinear Sciences': {
    prefix: 'nlin.',
    names: {
      AO: 'Adaptation and Self-Organizing Systems', CD: 'Chaotic Dynamics', CG: 'Cellular Automata and Lattice Gases',
      PS: 'Pattern Formation and Solitons', SI: 'Exactly Solvable and Integrable Systems',
    },
  },
  'High Energy Physics': {
    prefix: 'hep-',
    names: { ex: 'Experiment', lat: 'Lattice', ph: 'Phenomenology', th: 'Theory' },
  },
};

/** Whole-archive subjects without a `Archive - Category` split. */
const WHOLE: Record<string, string> = {
  'General Relativity and Quantum Cosmology': 'gr-qc',
  'Mathematical Physics': 'math-ph',
  'Nuclear Experiment': 'nucl-ex',
  'Nuclear Theory': 'nucl-th',
  'Quantum Physics': 'quant-ph',
  Astrophysics: 'astro-ph',
  'Condensed Matter': 'cond-mat',
};

const BY_NAME = new Map<string, string>();
for (const [archive, { prefix, names }] of Object.entries(ARCHIVES)) {
  for (const [code, name] of Object.entries(names)) BY_NAME.set(`${archive} - ${name}`.toLowerCase(), `${prefix}${code}`);
}
for (const [name, code] of Object.entries(WHOLE)) BY_NAME.set(name.toLowerCase(), code);

/** The arXiv category code of a Dublin Core subject, or null when it is not one we know. */
export function arxivCategoryForSubject(subject: string): string | null {
  return BY_NAME.get(subject.replace(/\s+/g, ' ').trim().toLowerCase()) ?? null;
}
