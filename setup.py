"Install blagpt_nb from settings.ini (the single source of metadata)."
from configparser import ConfigParser
import setuptools

cfg = ConfigParser(delimiters=['='])
cfg.read('settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']
licenses = {'apache2': ('Apache Software License 2.0', 'OSI Approved :: Apache Software License')}
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable', '6 - Mature', '7 - Inactive']
py_versions = ['3.10', '3.11', '3.12']
lic = licenses[cfg['license']]
min_python = cfg['min_python']
requirements = cfg.get('requirements', '').split()
dev_requirements = cfg.get('dev_requirements', '').split()
extras = {
    'dev': dev_requirements,
    'hf': ['datasets', 'tokenizers', 'huggingface_hub'],
    'triton': ['triton'],
    'wandb': ['wandb'],
    # oracles for the tests only (the package never imports them); install with a torch constraint, e.g.
    # pip install -e ".[dev,test]" -c <(echo torch==2.13.0), so no CUDA build is pulled in
    'test': ['transformers>=5,<6', 'flash-linear-attention==0.6.*', 'einops',
             'pytorch-optimizer==4.1.0', 'lion-pytorch==0.2.5', 'torch-lr-finder==0.2.2',
             'heavyball==3.2.1', 'adam-mini==1.1.1', 'schedulefree==1.4.1', 'rwkv==0.8.30'],
}
setuptools.setup(
    name=cfg['repo'],
    license=lic[0],
    classifiers=['Development Status :: ' + statuses[int(cfg['status'])],
                 'Intended Audience :: ' + cfg['audience'].title(),
                 'Natural Language :: ' + cfg['language'].title(),
                 'License :: ' + lic[1]] +
                ['Programming Language :: Python :: ' + v for v in py_versions[py_versions.index(min_python):]],
    url=cfg['git_url'],
    packages=setuptools.find_namespace_packages(include=['blagpt_nb', 'blagpt_nb.*'], exclude=['*.__pycache__']),
    include_package_data=True,
    package_data={'blagpt_nb': ['assets/*']},
    install_requires=requirements,
    extras_require=extras,
    python_requires='>=' + min_python,
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    zip_safe=False,
    entry_points={'console_scripts': cfg.get('console_scripts', '').split('\n'),
                  'nbdev': [f"{cfg.get('lib_path')}={cfg.get('lib_path')}._modidx:d"]},
    version=cfg['version'], description=cfg['description'], author=cfg['author'],
    author_email=cfg['author_email'], keywords=cfg['keywords'],
)
